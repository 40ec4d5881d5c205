"""The content of a session report, independent of the file it goes to: options (metrics, granularity, sections,
language), the `Report`, and `build_report(inputs, options)`, which shapes a recorded session (core.report_types'
`ReportInputs`) into titled tables, one section after another in the order of the sections' registry
(core.report_builtin_sections, `REPORT_SECTIONS`: the built-in ones, and any a feature adds), and chart series at the
chosen granularity (core.resample). The report's words (zh/en) and value formats are core.report_text.

Tables carry raw numbers and a display unit per column: the Excel writer keeps the numbers, the PDF formats them
with `format_value`. No Qt, no I/O: the loaders (services.reports.inputs) turn the session cache into
`ReportInputs` first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping, Sequence

from dyconsole.core import glossary, numfmt
from dyconsole.core.derived import DERIVED, derive_rows
from dyconsole.core.funnel import Funnel, session_funnel
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.core.report_builtin_sections import REPORT_SECTIONS, good_samples
from dyconsole.core.report_text import format_value, metric_label, metric_unit, tr
from dyconsole.core.report_types import Chart, Column, ReportInputs, SessionMeta, Table
from dyconsole.core.resample import GRANULARITIES, SeriesTable, resample

#: every column a report or an export can carry: the API's room metrics, then the derived ones
REPORT_METRICS: tuple[str, ...] = (*ROOM_METRIC_NAMES, *(d.name for d in DERIVED))
DEFAULT_METRICS: tuple[str, ...] = ("online", "entries_per_min", "interactions_per_min", "product_clicks_per_min",
                                    "gmv_per_min", "live_pay_order_gmv_alias")
DEFAULT_GRANULARITY = 1
LANGS: tuple[str, ...] = ("zh", "en")


#: the other names a user may type for a report metric (core.glossary aliases), alias -> metric
METRIC_ALIASES: dict[str, str] = {a: k for a, k in glossary.ALIASES.items() if k in REPORT_METRICS}


class UnknownMetrics(ValueError):
    """Metric names a report does not know; the message lists the valid ones (names and aliases)."""

    def __init__(self, unknown: Sequence[str]) -> None:
        self.unknown = tuple(unknown)
        aliases = ", ".join(f"{a} (= {k})" for a, k in METRIC_ALIASES.items())
        super().__init__(f"unknown metric(s): {', '.join(self.unknown)}. Valid metrics: {', '.join(REPORT_METRICS)}; "
                         f"or by another name: {aliases}; or by the console's zh or en label (成交金额, \"Paid orders\")")


def check_metrics(names: Sequence[str]) -> tuple[str, ...]:
    """The metrics named (a metric's name, a glossary alias such as `gmv`, or its zh/en label such as 成交金额 or
    "Paid orders": core.glossary.resolve), checked, resolved to metric names and de-duplicated in order; raises
    UnknownMetrics."""
    resolved = [key if (key := glossary.resolve(n)) in REPORT_METRICS else None for n in names]
    unknown = [n for n, r in zip(names, resolved) if r is None]
    if unknown:
        raise UnknownMetrics(unknown)
    return tuple(dict.fromkeys(r for r in resolved if r is not None))


@dataclass(frozen=True)
class ReportOptions:
    metrics: tuple[str, ...] = DEFAULT_METRICS
    granularity_min: int | None = DEFAULT_GRANULARITY  # None: one row per poll (CSV only)
    sections: tuple[str, ...] = field(default_factory=lambda: REPORT_SECTIONS.keys())
    lang: str = "zh"
    top_n: int = 10

    def __post_init__(self) -> None:
        check_metrics(self.metrics)
        if self.granularity_min is not None and self.granularity_min not in GRANULARITIES:
            raise ValueError(f"granularity must be one of {', '.join(map(str, GRANULARITIES))} minutes")
        unknown = [s for s in self.sections if s not in REPORT_SECTIONS.keys()]
        if unknown:
            raise ValueError(f"unknown section(s): {', '.join(unknown)}")
        if self.lang not in LANGS:
            raise ValueError(f"language must be one of {', '.join(LANGS)}")


@dataclass
class Report:
    options: ReportOptions
    meta: SessionMeta
    duration_s: float | None
    series: SeriesTable  # the chosen metrics at the chosen granularity
    funnel: Funnel | None
    tables: dict[str, list[Table]] = field(default_factory=dict)  # section -> its tables
    charts: list[Chart] = field(default_factory=list)
    figures: dict[str, list[Any]] = field(default_factory=dict)  # section -> its pictures (the click heat map)

    def label(self, key: str, **kw: Any) -> str:
        """The report text `key` in the report language (not Qt's tr(): reports are built without Qt)."""
        return tr(key, self.options.lang, **kw)

    def section_titles(self) -> list[tuple[str, str]]:
        """(key, heading) of every section of the registry, in order (the PDF lays them out so)."""
        return [(s.key, s.title(self.options.lang)) for s in REPORT_SECTIONS]

    def title_lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the title page."""
        lang, meta = self.options.lang, self.meta
        start, end = meta.started_at, meta.ended_at
        g = self.options.granularity_min
        return [
            (self.label("room"), meta.title or meta.room_id),
            (self.label("session"), meta.id),
            (self.label("date"), datetime.fromtimestamp(start).strftime("%Y-%m-%d") if start else numfmt.MISSING),
            (self.label("time_range"), " – ".join(format_value(t, "time", lang) for t in (start, end))),
            (self.label("duration"), numfmt.fmt_duration(self.duration_s, lang)),
            (self.label("granularity"), self.label("minutes", n=g) if g else self.label("per_poll")),
        ]


def _duration(inputs: ReportInputs) -> float | None:
    good = good_samples(inputs.room)
    start = inputs.meta.started_at if inputs.meta.started_at is not None else (good[0].ts if good else None)
    end = inputs.meta.ended_at if inputs.meta.ended_at is not None else (good[-1].ts if good else None)
    return end - start if start is not None and end is not None else None


def data_table(report: Report) -> Table:
    """The chosen metrics at the chosen granularity (the Excel 'data' sheet, the CSV's columns)."""
    lang, series = report.options.lang, report.series
    cols = (Column("ts", tr("ts", lang), "time"),
            *(Column(m, metric_label(m, lang), metric_unit(m)) for m in report.options.metrics))
    rows = tuple((ts, *(series.columns[m][i] for m in report.options.metrics)) for i, ts in enumerate(series.ts))
    return Table("data", tr("data", lang), cols, rows)


def build_report(inputs: ReportInputs, options: ReportOptions | None = None,
                 derived_rows: Sequence[Mapping[str, float | None]] | None = None) -> Report:
    """Shape a recorded session into the report's tables and charts (see the module doc): each chosen section of
    REPORT_SECTIONS, in the registry's order. `derived_rows`: `derive_rows(inputs.room)` when the caller already
    has them (the builder reuses them between previews)."""
    options = options if options is not None else ReportOptions()
    rows = derive_rows(inputs.room) if derived_rows is None else derived_rows
    series = resample(inputs.room, rows, options.metrics, options.granularity_min)
    good = good_samples(inputs.room)
    funnel = session_funnel(good[-1]) if good else None
    report = Report(options, inputs.meta, _duration(inputs), series, funnel)
    wanted = set(options.sections)
    for section in REPORT_SECTIONS:
        if section.key in wanted:
            tables = section.build(inputs, rows, report)
            if tables is not None:
                report.tables[section.key] = tables
    return report
