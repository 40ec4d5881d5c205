"""The date-range report: the sessions of a range (core.history.summary) shaped as the session report's tables and
charts (core.report_types.Table / Chart), so the PDF, Excel and CSV writers print it as they print a session's.

Sections: totals over the range (the pooled figure of each chosen metric, the number of sessions first), trends
(each metric per day, and per session), the per-day table, the best and worst sessions (by the metric
the history shows, or the first chosen), and
the sessions table, and the forecast of the next broadcasts' GMV by date (core.forecast.planning: weekday
seasonality from the range's broadcast days, each with its 80% interval). Words are core.report_text's, metric names the glossary's. No Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Sequence

from dyconsole.core import glossary, numfmt
from dyconsole.core.derived import GMV
from dyconsole.core.forecast.planning import MIN_DAYS, next_days, plan_forecast
from dyconsole.core.history.metrics import LENGTH, SESSIONS, RangeMetric, range_metric
from dyconsole.core.history.summary import SessionFigures, best_and_worst, broadcast_days, per_day, totals
from dyconsole.core.report_model import LANGS
from dyconsole.core.report_text import metric_label, metric_unit, tr
from dyconsole.core.report_types import Chart, Column, SessionMeta, Table

#: the range report's sections, in order: (key, word in core.report_text)
RANGE_SECTIONS: tuple[tuple[str, str], ...] = (("kpis", "totals"), ("charts", "charts"), ("days", "per_day"),
                                               ("best", "best_worst"), ("sessions", "sessions_table"),
                                               ("forecast", "forecast_plan"))
RANGE_SECTION_KEYS: tuple[str, ...] = tuple(k for k, _ in RANGE_SECTIONS)


@dataclass(frozen=True)
class RangeOptions:
    first: date
    last: date
    metrics: tuple[str, ...]
    rooms: tuple[str, ...] = ()  # empty: every room
    channels: tuple[str, ...] = ()  # empty: every channel
    sections: tuple[str, ...] = RANGE_SECTION_KEYS
    lang: str = "zh"
    top_n: int = 3
    rank_by: str = ""  # the metric the best and worst sessions are ranked by ('': the first of `metrics`)
    full: bool = False  # every column in every table (a data export), not only what a page needs

    def __post_init__(self) -> None:
        for key in (*self.metrics, *((self.rank_by,) if self.rank_by else ())):
            range_metric(key)  # KeyError for a metric the history cannot total
        if self.last < self.first:
            raise ValueError("the range ends before it starts")
        if self.lang not in LANGS:
            raise ValueError(f"language must be one of {', '.join(LANGS)}")
        unknown = [s for s in self.sections if s not in RANGE_SECTION_KEYS]
        if unknown:
            raise ValueError(f"unknown section(s): {', '.join(unknown)}")


def _day_ts(day: date) -> float:
    return datetime.combine(day, time(12)).timestamp()  # noon: a day's point sits mid-day on a date axis


def _unit(key: str) -> str:
    return metric_unit(key)


def _metric_columns(metrics: Sequence[RangeMetric], lang: str) -> tuple[Column, ...]:
    return tuple(Column(m.key, metric_label(m.key, lang), _unit(m.key)) for m in metrics)


def totals_table(sessions: Sequence[SessionFigures], metrics: Sequence[RangeMetric], lang: str) -> Table:
    """(metric, (value, unit)) rows: the number of sessions first, then each chosen metric over the range."""
    shown = [range_metric(SESSIONS), *(m for m in metrics if m.key != SESSIONS)]
    values = totals(sessions, shown)
    cols = (Column("metric", tr("metric", lang), "text"), Column("value", tr("value", lang), "mixed"))
    rows = tuple((metric_label(m.key, lang), (values[m.key], _unit(m.key))) for m in shown)
    return Table("kpis", tr("totals", lang), cols, rows, tr("pooled_note", lang))


def days_table(sessions: Sequence[SessionFigures], metrics: Sequence[RangeMetric], first: date, last: date,
               lang: str) -> Table:
    """One row per day of the range: the day, its sessions, each metric (empty on a day without a session)."""
    count = per_day(sessions, range_metric(SESSIONS), first, last)
    columns = [per_day(sessions, m, first, last) for m in metrics if m.key != SESSIONS]
    rows = tuple((_day_ts(c.day), c.sessions, *(col[i].value for col in columns)) for i, c in enumerate(count))
    cols = (Column("date", tr("date", lang), "date"), Column(SESSIONS, metric_label(SESSIONS, lang), "count"),
            *_metric_columns([m for m in metrics if m.key != SESSIONS], lang))
    return Table("days", tr("per_day", lang), cols, rows)


def _session_cells(s: SessionFigures, lang: str) -> tuple[Any, ...]:
    return (s.started_at, s.title or s.id, s.room_id, glossary.channel_label(s.channel, lang))


_SESSION_COLUMNS = (("start", "datetime"), ("title", "text"), ("room", "text"), ("channel", "text"))


def sessions_table(sessions: Sequence[SessionFigures], metrics: Sequence[RangeMetric], lang: str,
                   full: bool = True) -> Table:
    """One row per session, oldest first: start, title, room, channel, duration, each metric. Not `full` (a page
    of the PDF): the room and the channel only when the sessions have more than one (the title page names them)."""
    shown = [m for m in metrics if m.key not in (LENGTH, SESSIONS)]
    length = range_metric(LENGTH)
    cells = [_session_cells(s, lang) for s in sessions]
    keep = [full or key not in ("room", "channel") or len({c[i] for c in cells}) > 1
            for i, (key, _unit) in enumerate(_SESSION_COLUMNS)]
    rows = tuple((*(v for v, kept in zip(c, keep) if kept), s.value(length), *(s.value(m) for m in shown))
                 for c, s in zip(cells, sessions))
    cols = (*(Column(k, tr(k, lang), u) for (k, u), kept in zip(_SESSION_COLUMNS, keep) if kept),
            Column(LENGTH, metric_label(LENGTH, lang), "seconds"), *_metric_columns(shown, lang))
    return Table("sessions", tr("sessions_table", lang), cols, rows)


def best_worst_table(sessions: Sequence[SessionFigures], metric: RangeMetric, lang: str, n: int = 3) -> Table:
    """The n best and n worst sessions by `metric`."""
    best, worst = best_and_worst(sessions, metric, n)
    rows = tuple((tr(kind, lang), *_session_cells(s, lang), s.value(metric))
                 for kind, group in (("best", best), ("worst", worst)) for s in group)
    cols = (Column("rank", tr("rank", lang), "text"), *(Column(k, tr(k, lang), u) for k, u in _SESSION_COLUMNS),
            Column(metric.key, metric_label(metric.key, lang), _unit(metric.key)))
    return Table("best", tr("best_worst", lang), cols, rows,
                 tr("ranked_by", lang, metric=metric_label(metric.key, lang)))


_FORECAST_COLUMNS = (("planned_gmv_forecast", "yuan"), ("forecast_low", "yuan"), ("forecast_high", "yuan"))


def forecast_table(sessions: Sequence[SessionFigures], last: date, lang: str) -> Table:
    """The GMV forecast of each of the days after `last`, from the range's broadcast days (none when too few)."""
    history = [(day, gmv) for day, gmv in broadcast_days(sessions, range_metric(GMV)) if gmv > 0]
    plan = plan_forecast(history, next_days(last))
    rows = tuple((_day_ts(f.day), tr(f"weekday_{f.day.weekday()}", lang), f.value, f.low, f.high) for f in plan)
    caption = tr("forecast_note", lang, days=len(history)) if plan else \
        tr("forecast_too_few", lang, need=MIN_DAYS, have=len(history))
    cols = (Column("date", tr("date", lang), "date"), Column("weekday", tr("weekday", lang), "text"),
            *(Column(k, metric_label(k, lang), u) for k, u in _FORECAST_COLUMNS))
    return Table("forecast", tr("forecast_plan", lang), cols, rows, caption)


def day_chart(sessions: Sequence[SessionFigures], metric: RangeMetric, first: date, last: date, lang: str) -> Chart:
    points = per_day(sessions, metric, first, last)
    return Chart(metric.key, tr("per_day_chart", lang, metric=metric_label(metric.key, lang)), _unit(metric.key),
                 tuple(_day_ts(p.day) for p in points), tuple(p.value for p in points), axis="date")


def session_chart(sessions: Sequence[SessionFigures], metric: RangeMetric, lang: str) -> Chart:
    return Chart(metric.key, tr("per_session_chart", lang, metric=metric_label(metric.key, lang)), _unit(metric.key),
                 tuple(s.started_at for s in sessions), tuple(s.value(metric) for s in sessions), axis="date")


@dataclass
class RangeReport:
    """A date-range report, shaped like core.report_model.Report for the writers: `options`, `meta`, `tables`,
    `charts`, `figures`, `label`, `title_lines`, `section_titles`."""

    options: RangeOptions
    meta: SessionMeta
    sessions: Sequence[SessionFigures]
    tables: dict[str, list[Table]] = field(default_factory=dict)
    charts: list[Chart] = field(default_factory=list)
    figures: dict[str, list[Any]] = field(default_factory=dict)

    def label(self, key: str, **kw: Any) -> str:
        return tr("range_report_title" if key == "report_title" else key, self.options.lang, **kw)

    def section_titles(self) -> list[tuple[str, str]]:
        return [(key, self.label(word)) for key, word in RANGE_SECTIONS]

    def title_lines(self) -> list[tuple[str, str]]:
        o, lang = self.options, self.options.lang
        everything = tr("all", lang)
        return [
            (self.label("range"), f"{o.first.isoformat()} – {o.last.isoformat()}"),
            (self.label("rooms"), ", ".join(o.rooms) or everything),
            (self.label("channels"), ", ".join(glossary.channel_label(c, lang) for c in o.channels) or everything),
            (metric_label(SESSIONS, lang), numfmt.fmt_count(len(self.sessions), lang)),
        ]


def build_range_report(sessions: Sequence[SessionFigures], options: RangeOptions) -> RangeReport:
    """The range report of `sessions` (those of the options' range, rooms and channels, oldest first)."""
    lang = options.lang
    metrics = [range_metric(k) for k in options.metrics]
    first_day, last_day = options.first.isoformat(), options.last.isoformat()
    span = first_day if first_day == last_day else f"{first_day} – {last_day}"
    meta = SessionMeta(id=span, room_id=", ".join(options.rooms), title=span,
                       started_at=None, ended_at=None, status="")
    report = RangeReport(options, meta, sessions)
    wanted = set(options.sections)
    if "kpis" in wanted:
        report.tables["kpis"] = [totals_table(sessions, metrics, lang)]
    if "charts" in wanted:
        for m in metrics:
            report.charts += [day_chart(sessions, m, options.first, options.last, lang), session_chart(sessions, m, lang)]
    if "days" in wanted:
        report.tables["days"] = [days_table(sessions, metrics, options.first, options.last, lang)]
    rank_by = range_metric(options.rank_by) if options.rank_by else (metrics[0] if metrics else None)
    if "best" in wanted and rank_by is not None:
        report.tables["best"] = [best_worst_table(sessions, rank_by, lang, options.top_n)]
    if "sessions" in wanted:
        report.tables["sessions"] = [sessions_table(sessions, metrics, lang, options.full)]
    if "forecast" in wanted:
        report.tables["forecast"] = [forecast_table(sessions, options.last, lang)]
    return report
