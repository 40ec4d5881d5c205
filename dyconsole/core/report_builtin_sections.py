"""The built-in sections of a session report and the registry that holds them (`REPORT_SECTIONS`, a
core.report_sections.SectionRegistry; `SECTIONS`, their keys in order): KPIs, funnel, charts, the forecast of the
broadcast's end (core.forecast.report), top products with the click heat map and the product order changes, 7-day
ROI, the A/B plans with their slot charts, run of show, traffic sources, audience, delivery, alerts, notes. Each makes
its tables (core.report_types) from the session's inputs, in the report's words and value formats
(core.report_text); a feature adds its own section to the registry. The report being built (its options, its
building) is core.report_model's. No Qt, no I/O.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from dyconsole.core import glossary
from dyconsole.core.derived import AD_COST, ENTRIES, GMV, PAID_ORDERS, is_gap
from dyconsole.core.experiments.report_section import AB_SECTION, ab_section
from dyconsole.core.forecast.report import END_FORECAST, forecast_tables
from dyconsole.core.funnel import PER_ENTRY_STAGES, Funnel
from dyconsole.core.kpis import kpi_tiles
from dyconsole.core.metrics import FLOW_SOURCES
from dyconsole.core.outside_text import NOTES_MAX_CHARS, cap, strip_controls
from dyconsole.core.model import AudienceSample, FlowSample, ProductSample, RoomSample
from dyconsole.core.products.change_log import order_text
from dyconsole.core.products.change_text import EFFECT_TERMS, effect_text
from dyconsole.core.products.heat import heat_picture
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.delivery import delivery_report
from dyconsole.core.report_sections import ReportSection, SectionRegistry
from dyconsole.core.report_text import format_value, metric_label, metric_unit, tr, tr_code
from dyconsole.core.report_types import AlertItem, Chart, Column, NoteItem, ReportInputs, SessionMeta, Table
from dyconsole.core.review.order_changes import measured_changes
from dyconsole.core.roi import roi_7d
from dyconsole.core.roi_projection import SessionRoi7, net_factor, project_roi7
from dyconsole.core.roi_report import roi7_note, roi7_rows
from dyconsole.core.run_of_show_report import segment_table, stay_table
from dyconsole.core.wire import FLOW_BY_GMV, FLOW_BY_VIEWERS

#: the report being built (core.report_model.Report), typed loosely here as core.report_sections types it: the report
#: model builds on this module, not the other way round
ReportBeingBuilt = Any

#: the built-in sections, in order (REPORT_SECTIONS holds them and any a feature adds)
SECTIONS: tuple[str, ...] = ("kpis", "funnel", "charts", END_FORECAST, "products", "roi7", "ab", "run_of_show",
                             "traffic", "audience", "delivery", "alerts", "notes")


def good_samples(samples: Sequence[RoomSample]) -> list[RoomSample]:
    return [s for s in samples if not is_gap(s)]


def _kpi_table(inputs: ReportInputs, rows: Sequence[Mapping[str, float | None]], report: ReportBeingBuilt) -> Table:
    lang = report.options.lang
    out: list[tuple[Any, ...]] = [(metric_label("length_s", lang), report.duration_s, metric_unit("length_s"))]
    for tile in kpi_tiles(inputs.room, rows) if inputs.room else []:
        label = tile.spec.label(lang)
        if tile.is_estimate and tile.id in ("online_now", "peak_online"):  # the others say so in their name
            label += tr("est", lang)
        value = tile.value
        if tile.spec.unit == "count" and value is not None:
            value = float(round(value))  # people and events are whole (an estimate's decimals are noise)
        out.append((label, value, tile.spec.unit))
    good = good_samples(inputs.room)
    if inputs.roi7 is not None:
        out.append((glossary.label(inputs.roi7.figure.term, lang), inputs.roi7.figure.value, "multiple"))
    elif good and inputs.orders:
        start = inputs.meta.started_at or good[0].ts
        end = inputs.meta.ended_at or good[-1].ts
        roi = roi_7d(inputs.orders, good[-1].get("stat_cost") or 0.0, start, end, now=end, room_id=inputs.meta.room_id)
        label = (roi.en if lang == "en" else roi.zh) + ("" if roi.final else tr("roi_provisional", lang))
        out.append((label, roi.roi, "multiple"))
    cols = (Column("metric", tr("metric", lang), "text"), Column("value", tr("value", lang), "mixed"))
    return Table("kpis", tr("kpis", lang), cols, tuple((label, (value, unit)) for label, value, unit in out))


#: funnel stages that are no share of the entries
NOT_OF_ENTRIES = frozenset({"impressions", "product_impressions"})


def _funnel_table(funnel: Funnel, lang: str) -> Table:
    entries = funnel.step("entries").count
    # product impressions per entry exceed 1 (a viewer sees several products): a multiple, not a conversion
    rows = tuple((s.label(lang), s.count,
                  (s.rate, "per_entry" if s.key in PER_ENTRY_STAGES else "ratio"),
                  s.count / entries if s.count is not None and entries and s.key not in NOT_OF_ENTRIES else None)
                 for s in funnel.steps)
    worst = next((s for s in funnel.steps if s.key == funnel.worst_key), None)
    caption = ""
    if worst is not None:  # where most is lost, as the live funnel says it: 点击 → 下单（0.85%）
        before = funnel.step(worst.from_key) if worst.from_key else None
        stage = " → ".join(st.label(lang) for st in (before, worst) if st is not None)
        if worst.rate is not None:
            rate = format_value(worst.rate, "ratio", lang)
            stage += f" ({rate})" if lang == "en" else f"（{rate}）"
        caption = tr("worst_step", lang, stage=stage)
    cols = (Column("stage", tr("stage", lang), "text"), Column("count", tr("count", lang), "count"),
            Column("step_rate", tr("step_rate", lang), "mixed"),
            Column("overall_rate", tr("overall_rate", lang), "ratio"))
    return Table("funnel", tr("funnel", lang), cols, rows, caption)


def top_products(products: Sequence[ProductSample], n: int) -> list[ProductSample]:
    """The latest sample of each product, by GMV then paid orders (highest first), at most n."""
    latest: dict[str, ProductSample] = {}
    for p in products:
        if p.product_id not in latest or p.ts >= latest[p.product_id].ts:
            latest[p.product_id] = p
    key = lambda p: (p.values.get("live_pay_order_gmv_alias") or 0.0,  # noqa: E731
                     p.values.get("live_pay_order_count_alias") or 0.0)
    return sorted(latest.values(), key=key, reverse=True)[:n]


def _ratio(num: float | None, den: float | None) -> float | None:
    return num / den if num is not None and den else None


def _products_table(products: Sequence[ProductSample], n: int, lang: str) -> Table:
    rows = []
    for rank, p in enumerate(top_products(products, n), 1):
        v = p.values.get
        shows, clicks = v("live_product_show_cnt_alias"), v("live_click_product_count_alias")
        rows.append((rank, p.title or p.product_id, v("live_product_price"), v("live_pay_order_gmv_alias"),
                     v("live_pay_order_count_alias"), clicks, shows, _ratio(clicks, shows),
                     v("product_click_pay_ucnt_ratio")))
    cols = (Column("rank", tr("rank", lang), "count"), Column("product", tr("product", lang), "text"),
            Column("price", metric_label("live_product_price", lang), "yuan"),
            Column("gmv", metric_label(GMV, lang), "yuan"),
            Column("paid_orders", metric_label(PAID_ORDERS, lang), "count"),
            Column("clicks", metric_label("live_click_product_count_alias", lang), "count"),
            Column("impressions", metric_label("live_product_show_cnt_alias", lang), "count"),
            Column("click_rate", metric_label("product_ctr", lang), "ratio"),
            Column("pay_rate", metric_label("product_click_pay_ucnt_ratio", lang), "ratio"))
    return Table("products", tr("products", lang), cols, tuple(rows))


def _products_section(inputs: ReportInputs, report: ReportBeingBuilt) -> list[Table]:
    """The top products' funnel table, the click heat map (a figure) and the product order changes, if any, each
    with its measured effect on GMV per minute (core.review.order_changes, as the review lists them)."""
    lang = report.options.lang
    history = ProductHistory.build(inputs.products)
    measured = measured_changes(history, inputs.events, _entries(inputs.room))
    picture = heat_picture(history, [c.ts for c, _ in measured if c.counts], start=inputs.meta.started_at)
    if picture is not None:
        report.figures["products"] = [picture]
    tables = [_products_table(inputs.products, report.options.top_n, lang)]
    if measured:
        cols = (Column("time", tr("time", lang), "time"), Column("order", tr("new_order", lang), "text"),
                Column("status", tr("status", lang), "text"),
                Column("effect", f"{tr('effect', lang)} · {glossary.label(EFFECT_TERMS['gmv'], lang)}", "text"))
        rows = tuple((c.ts, order_text(c.new_order, history.titles), tr_code(c.status, lang),
                      effect_text(e.room.get("gmv") if e is not None else None, lang, tr("too_early", lang)))
                     for c, e in measured)
        tables.append(Table("products:order_changes", tr("order_changes", lang), cols, rows))
    return tables


def _entries(room: Sequence[RoomSample]) -> tuple[np.ndarray, np.ndarray] | None:
    """The room's entries counter (times, values) the effects are measured per unit of; None without room polls."""
    if not room:
        return None
    return (np.array([r.ts for r in room], float),
            np.array([np.nan if r.values.get(ENTRIES) is None else r.values[ENTRIES] for r in room], float))


def _latest_flow(flow: Sequence[FlowSample], by: str) -> Mapping[str, float | None]:
    found = [f for f in flow if f.by == by]
    return max(found, key=lambda f: f.ts).values if found else {}


#: one row of the traffic section: (source, views, share of views, GMV, share of GMV)
TrafficRow = tuple[str, float | None, float | None, float | None, float | None]


def traffic_rows(flow: Sequence[FlowSample]) -> list[TrafficRow]:
    """(source, views, share of views, GMV, share of GMV) from the latest flow polls, most views first;
    sources with neither views nor GMV are left out."""
    views, gmv = _latest_flow(flow, FLOW_BY_VIEWERS), _latest_flow(flow, FLOW_BY_GMV)
    total_v = sum(v for v in views.values() if v) or None
    total_g = sum(v for v in gmv.values() if v) or None
    rows = [(s, views.get(s), _ratio(views.get(s), total_v), gmv.get(s), _ratio(gmv.get(s), total_g))
            for s in FLOW_SOURCES if views.get(s) or gmv.get(s)]
    return sorted(rows, key=lambda r: (r[1] or 0.0, r[3] or 0.0), reverse=True)


def _traffic_table(flow: Sequence[FlowSample], lang: str) -> Table:
    rows = tuple((glossary.source_label(s, lang), v, vs, g, gs)
                 for s, v, vs, g, gs in traffic_rows(flow))
    cols = (Column("source", tr("source", lang), "text"), Column("viewers", tr("viewers", lang), "count"),
            Column("viewer_share", tr("viewer_share", lang), "ratio"), Column("gmv", metric_label(GMV, lang), "yuan"),
            Column("gmv_share", tr("gmv_share", lang), "ratio"))
    return Table("traffic", tr("traffic", lang), cols, rows)


def _audience_tables(audience: Sequence[AudienceSample], lang: str, top: int = 10) -> list[Table]:
    latest: dict[tuple[str, str], AudienceSample] = {}
    for a in audience:
        k = (a.action_event, a.dimension)
        if k not in latest or a.ts >= latest[k].ts:
            latest[k] = a
    tables = []
    order = {"GENDER": 0, "AGE": 1, "CITY": 2}
    for (event, dim), a in sorted(latest.items(), key=lambda kv: (kv[0][0] != "ENTER", order.get(kv[0][1], 3))):
        total = sum(a.values.values()) or None
        rows = sorted(a.values.items(), key=lambda kv: kv[1], reverse=True)[:top]
        cols = (Column("label", tr("label", lang), "text"), Column("value", tr("count", lang), "count"),
                Column("share", tr("share", lang), "ratio"))
        title = f"{glossary.audience_label(event, lang)} · {glossary.audience_label(dim, lang)}"
        tables.append(Table(f"audience:{event}:{dim}", title, cols,
                            tuple((tr_code(label, lang), value, _ratio(value, total)) for label, value in rows)))
    return tables


def _alerts_table(alerts: Sequence[AlertItem], lang: str) -> Table:
    cols = (Column("fired_at", tr("fired_at", lang), "time"), Column("resolved_at", tr("resolved_at", lang), "time"),
            Column("severity", tr("severity", lang), "text"), Column("rule", tr("rule", lang), "text"),
            Column("message", tr("message", lang), "text"))
    rows = tuple((a.fired_at, a.resolved_at, a.severity, *a.in_language(lang)) for a in alerts)
    return Table("alerts", tr("alerts", lang), cols, rows, "" if rows else tr("none", lang))


def report_text(text: str, lang: str, limit: int = NOTES_MAX_CHARS) -> str:
    """Text from outside as a report shows it: control characters stripped, capped at `limit` characters with a
    note saying how many more there are (a huge note must not make a PDF page take minutes)."""
    kept, cut = cap(strip_controls(text), limit)
    return kept + tr("text_cut", lang, more=f"{cut:,}") if cut else kept


def _notes_table(meta: SessionMeta, notes: Sequence[NoteItem], lang: str) -> Table:
    rows: list[tuple[Any, ...]] = ([(None, tr("session_note", lang), report_text(meta.notes, lang))]
                                   if meta.notes.strip() else [])
    rows.extend((n.ts, tr_code(n.kind, lang), report_text(n.text, lang)) for n in notes)
    cols = (Column("time", tr("time", lang), "time"), Column("kind", tr("kind", lang), "text"),
            Column("text", tr("text", lang), "text"))
    return Table("notes", tr("notes", lang), cols, tuple(rows), "" if rows else tr("none", lang))


def _roi7_table(inputs: ReportInputs, lang: str) -> Table:
    """The 7-day ROI section: the session's settled or projected figure (without one from the database, the
    projection from the prior on the session's last GMV and spend)."""
    roi7 = inputs.roi7
    if roi7 is None:
        good = good_samples(inputs.room)
        gmv, cost = (good[-1].get(GMV), good[-1].get(AD_COST)) if good else (None, None)
        factor = net_factor([])
        roi7 = SessionRoi7(project_roi7(gmv, cost, factor), gmv, cost, factor=factor)
    cols = (Column("metric", tr("metric", lang), "text"), Column("value", tr("value", lang), "mixed"))
    rows = tuple((glossary.label(key, lang), (value, unit)) for key, value, unit in roi7_rows(roi7, lang))
    return Table("roi7", tr("roi7", lang), cols, rows, caption=roi7_note(roi7, lang))


def _run_of_show_tables(inputs: ReportInputs, rows: Sequence[Mapping[str, float | None]], lang: str) -> list[Table]:
    """The run of show's segments and conversion against stay (core.run_of_show_report)."""
    cols, body = segment_table(inputs.room, rows, inputs.products, inputs.events, inputs.slots, lang)
    tables = [Table("run_of_show", tr("run_of_show", lang), tuple(Column(*c) for c in cols), tuple(body),
                    caption=tr("segments_note", lang))]
    cols, body, caption = stay_table(inputs.room, rows, lang)
    tables.append(Table("run_of_show:stay", tr("stay_conversion", lang), tuple(Column(*c) for c in cols), tuple(body),
                        caption=caption))
    return tables
def _delivery_table(inputs: ReportInputs, lang: str) -> Table:
    """Delivery by region: the session's audience regions beside the shop's delivery days; the host's line and
    what the figures stand on as the caption."""
    columns, rows, caption = delivery_report(inputs.shipments, inputs.audience, lang)
    return Table("delivery", tr("delivery", lang), tuple(Column(*c) for c in columns), tuple(rows), caption=caption)


def _ab_section(inputs: ReportInputs, report: ReportBeingBuilt) -> list[Table]:
    """The A/B plans' tables, and their charts of the metric per slot as the section's figures."""
    tables, pictures = ab_section(inputs.experiments, report.options.lang, Table, Column)
    if pictures:
        report.figures[AB_SECTION] = list(pictures)
    return tables


def _charts(_inputs: ReportInputs, rows: Sequence[Mapping[str, float | None]], report: ReportBeingBuilt) -> None:
    lang, series = report.options.lang, report.series
    estimate = any(r.get("online_is_estimate") == 1.0 for r in rows)
    report.charts = [Chart(m, metric_label(m, lang) + (tr("est", lang) if estimate and m == "online" else ""),
                           metric_unit(m), series.ts, series.columns[m], estimate and m == "online")
                     for m in report.options.metrics]


REPORT_SECTIONS = SectionRegistry((
    ReportSection("kpis", lambda i, rows, r: [_kpi_table(i, rows, r)]),
    ReportSection("funnel", lambda _i, _rows, r: None if r.funnel is None else [
        _funnel_table(r.funnel, r.options.lang)]),
    ReportSection("charts", _charts),
    ReportSection(END_FORECAST, lambda i, _rows, r: forecast_tables(
        i.room, i.meta.started_at, i.meta.ended_at is not None, i.past, r.options.lang, Table, Column)),
    ReportSection("products", lambda i, _rows, r: _products_section(i, r)),
    ReportSection("roi7", lambda i, _rows, r: [_roi7_table(i, r.options.lang)]),
    ReportSection(AB_SECTION, lambda i, _rows, r: _ab_section(i, r)),
    ReportSection("run_of_show", lambda i, rows, r: _run_of_show_tables(i, rows, r.options.lang)),
    ReportSection("traffic", lambda i, _rows, r: [_traffic_table(i.flow, r.options.lang)]),
    ReportSection("audience", lambda i, _rows, r: _audience_tables(i.audience, r.options.lang)),
    ReportSection("delivery", lambda i, _rows, r: [_delivery_table(i, r.options.lang)]),
    ReportSection("alerts", lambda i, _rows, r: [_alerts_table(i.alerts, r.options.lang)]),
    ReportSection("notes", lambda i, _rows, r: [_notes_table(i.meta, i.notes, r.options.lang)]),
))
assert REPORT_SECTIONS.keys() == SECTIONS
