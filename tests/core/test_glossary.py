"""The glossary is complete and consistent (every recorded and derived metric, tile, comparison KPI and funnel stage
has both labels, a unit and a kind; no two entries share a zh label; aliases resolve), the flow-source and audience
names are there in both languages, and the report model prints only glossary words for its metrics (no Qt)."""

from __future__ import annotations

from collections import Counter

import pytest

from dyconsole.core import glossary
from dyconsole.core.derived import DATA_AGE, DERIVED_NAMES
from dyconsole.core.funnel import STAGES
from dyconsole.core.kpis import TILES
from dyconsole.core.metrics import AUDIENCE_DIMENSIONS, AUDIENCE_EVENTS, FLOW_SOURCES, ROOM_METRIC_NAMES
from dyconsole.core.model import AudienceSample, FlowSample, RoomSample, RoomStatus
from dyconsole.core.report_model import ReportOptions, build_report, check_metrics, data_table
from dyconsole.core.report_text import tr
from dyconsole.core.report_types import ReportInputs, SessionMeta
from dyconsole.core.wire import FLOW_BY_GMV, FLOW_BY_VIEWERS
from dyconsole.services.review.compare import COMPARE_KPIS

T0 = 1_800_000_000.0


def test_every_metric_has_an_entry_with_both_labels_a_unit_and_a_kind() -> None:
    keys = [*ROOM_METRIC_NAMES, *DERIVED_NAMES, DATA_AGE.name, *(t.term for t in TILES),
            *(k.term for k in COMPARE_KPIS), *(s.term for s in STAGES)]
    for key in keys:
        entry = glossary.term(key)
        assert entry.zh and entry.en and entry.zh != entry.en, key
        assert entry.unit in glossary.UNITS and isinstance(entry.kind, glossary.Kind), key
        assert glossary.label(key, "zh") == entry.zh and glossary.label(key, "en") == entry.en
    # the API's field names are kept exactly, quirks included
    assert "live_pay_order_gmv_alias" in ROOM_METRIC_NAMES and "total_live_pay_order_gpm" in ROOM_METRIC_NAMES


def test_no_two_entries_share_a_label() -> None:
    zh = Counter(t.zh for t in glossary.ALL_TERMS)
    assert [w for w, n in zh.items() if n > 1] == []
    # English: a funnel stage may say what its counter says (Paid orders, Orders created); nothing else repeats
    en = Counter(t.en for t in glossary.ALL_TERMS if t.kind is not glossary.Kind.STAGE)
    assert [w for w, n in en.items() if n > 1] == []


def test_the_old_tables_agree_now() -> None:
    paid = glossary.label("live_pay_order_count_alias")
    assert paid == "成交订单"
    assert {t.zh for t in TILES if t.id == "paid_orders"} == {paid}
    assert {k.label("zh") for k in COMPARE_KPIS if k.key == "paid_orders"} == {paid}
    gpm = glossary.label("gpm", "zh")
    assert {t.zh for t in TILES if t.id == "gpm"} == {k.label("zh") for k in COMPARE_KPIS if k.key == "gpm"} == {gpm}


def test_aliases_resolve_and_never_shadow_a_key() -> None:
    assert glossary.resolve("gmv") == "live_pay_order_gmv_alias" and glossary.resolve("online") == "online"
    assert glossary.resolve("no_such_metric") is None
    assert not set(glossary.ALIASES) & set(glossary.TERMS)
    assert check_metrics(["gmv", "online", "live_pay_order_gmv_alias"]) == ("live_pay_order_gmv_alias", "online")


def test_format_follows_the_unit() -> None:
    assert glossary.fmt("live_pay_order_gmv_alias", 1234.5) == "¥1,234.5"
    assert glossary.fmt("conversion_rate", 0.0017, "en") == "0.17%"
    assert glossary.fmt("live_roi", 3.456) == "3.46" and glossary.fmt("total_live_watch_cnt", None) == "—"


def test_sources_and_audience_names_in_both_languages() -> None:
    assert tuple(glossary.FLOW_SOURCE_NAMES) == FLOW_SOURCES
    for source in FLOW_SOURCES:
        zh, en = glossary.source_label(source, "zh"), glossary.source_label(source, "en")
        assert zh != source and en != source and zh != en
    for code in (*AUDIENCE_EVENTS, *AUDIENCE_DIMENSIONS, *glossary.AUDIENCE_GROUP_NAMES):
        assert glossary.audience_label(code, "zh") != code
    # a city comes in Chinese: English names for the provinces and major cities (and 其他), suffix or not
    assert glossary.audience_label("杭州", "en") == "Hangzhou" and glossary.audience_label("杭州", "zh") == "杭州"
    assert glossary.audience_label("浙江省", "en") == "Zhejiang" and glossary.audience_label("其他", "en") == "Other"
    assert glossary.audience_label("广西壮族自治区", "en") == "Guangxi"
    assert glossary.audience_label("阿克苏", "en") == "阿克苏"  # not in the table: as sent, never a guess
    assert (FLOW_BY_VIEWERS, FLOW_BY_GMV) == ("AllEcomFlowSource", "AllEcomGmvSource")


def _inputs() -> ReportInputs:
    samples = [RoomSample(T0 + 60 * i, "r", RoomStatus.LIVING, {
        "total_live_watch_cnt": 100.0 * i, "live_watch_one_minute_count": 40.0 * i, "total_live_show_cnt": 900.0 * i,
        "live_product_show_cnt_alias": 500.0 * i, "live_click_product_count_alias": 30.0 * i,
        "live_create_order_count_alias": 4.0 * i, "live_pay_order_count_alias": 3.0 * i,
        "live_pay_order_gmv_alias": 50.0 * i, "stat_cost": 10.0 * i}) for i in range(1, 31)]
    flow = [FlowSample(T0 + 60, FLOW_BY_VIEWERS, {"nature": 30.0, "homepage_hot": 10.0}),
            FlowSample(T0 + 60, FLOW_BY_GMV, {"nature": 100.0})]
    audience = [AudienceSample(T0 + 60, "ENTER", "GENDER", {"FEMALE": 7.0, "MALE": 3.0})]
    return ReportInputs(SessionMeta("s1", "r", "测试场", T0, T0 + 1800, "ended"), samples, flow=flow,
                        audience=audience)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_names_metrics_only_in_glossary_words(lang: str) -> None:
    metrics = ("online", "gmv_per_min", "live_pay_order_gmv_alias", "live_pay_order_count_alias", "gpm")
    report = build_report(_inputs(), ReportOptions(metrics=check_metrics(metrics), lang=lang))
    words = {t.label(lang) for t in glossary.ALL_TERMS}
    est = tr("est", lang)
    kpi_labels = [row[0] for row in report.tables["kpis"][0].rows]
    assert kpi_labels and all(label in words or label.removesuffix(est) in words for label in kpi_labels), kpi_labels
    stages = [row[0] for row in report.tables["funnel"][0].rows]
    assert stages == [s.label(lang) for s in STAGES]
    assert [c.title.removesuffix(est) for c in report.charts] == [glossary.label(m, lang) for m in metrics]
    data = data_table(report)
    assert [c.label for c in data.columns[1:]] == [glossary.label(m, lang) for m in report.options.metrics]
    traffic_columns = {c.key: c.label for c in report.tables["traffic"][0].columns}
    assert traffic_columns["gmv"] == glossary.label("live_pay_order_gmv_alias", lang)
    assert [row[0] for row in report.tables["traffic"][0].rows] == [glossary.source_label(s, lang)
                                                                   for s in ("nature", "homepage_hot")]
    gender = report.tables["audience"][0]
    assert gender.title == f"{glossary.audience_label('ENTER', lang)} · {glossary.audience_label('GENDER', lang)}"
    assert [row[0] for row in gender.rows] == [glossary.audience_label(c, lang) for c in ("FEMALE", "MALE")]


def test_every_place_the_demo_room_sends_has_an_english_name() -> None:
    from dyconsole.emulator.sim.audience import CITIES

    assert all(glossary.audience_label(c, "en").isascii() for c in CITIES)
    assert len(set(glossary.PLACE_NAMES.values())) == len(glossary.PLACE_NAMES)  # no two places share a name
