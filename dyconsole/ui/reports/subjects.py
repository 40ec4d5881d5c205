"""What a report builder reports on: one recorded session (`SessionSubject`: the session report of
core.report_model) or a date range (`RangeSubject`: the range report of core.history.report). A subject reads its
data once; the builder asks it for the report of the chosen options and for the steps of an export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from dyconsole.core.derived import derive_rows
from dyconsole.core.history.metrics import DEFAULT_RANGE_METRICS, RANGE_METRIC_KEYS
from dyconsole.core.history.report import RANGE_SECTION_KEYS, RangeOptions, build_range_report
from dyconsole.core.report_builtin_sections import REPORT_SECTIONS
from dyconsole.core.report_model import DEFAULT_METRICS, REPORT_METRICS, ReportOptions, build_report
from dyconsole.core.resample import GRANULARITIES
from dyconsole.services.history.service import HistoryQuery, HistoryService, range_csv_steps, range_xlsx_steps
from dyconsole.services.reports.inputs import csv_steps, load_report_inputs, xlsx_steps
from dyconsole.ui.reports.pdf import pdf_export_steps
from dyconsole.ui.reports.pdf_layout import AnyReport
from dyconsole.ui.reports.png_export import png_export_steps

Steps = Callable[[Any, Path], Iterator[float]]


class SessionSubject:
    """One recorded session (read once: its samples and derived rows are kept between previews)."""

    granularities: tuple[int, ...] = GRANULARITIES
    metrics: tuple[str, ...] = REPORT_METRICS
    default_metrics: tuple[str, ...] = DEFAULT_METRICS

    def __init__(self, db_path_or_db: Any, session_id: str) -> None:
        self.session_id = session_id
        self.inputs = load_report_inputs(db_path_or_db, session_id)
        self._rows = derive_rows(self.inputs.room)
        self.title = self.inputs.meta.title or session_id
        self.file_stem = session_id

    @property
    def section_keys(self) -> tuple[str, ...]:
        return REPORT_SECTIONS.keys()

    def build(self, metrics: tuple[str, ...], granularity: int | None, sections: tuple[str, ...],
              lang: str) -> AnyReport:
        options = ReportOptions(metrics=metrics, granularity_min=granularity, sections=sections, lang=lang)
        return build_report(self.inputs, options, self._rows)

    def steps(self, fmt: str, report: Any, out: Path) -> Iterator[float]:
        writers: dict[str, Steps] = {"csv": lambda r, o: csv_steps(self.inputs, r, o), "xlsx": xlsx_steps,
                                     "png": png_export_steps, "pdf": pdf_export_steps}
        return writers[fmt](report, out)


class RangeSubject:
    """The sessions of a date range, rooms and channels (read once); the best and worst are ranked by the first of
    `default_metrics` (the metric the history view shows)."""

    granularities: tuple[int, ...] = ()
    metrics: tuple[str, ...] = RANGE_METRIC_KEYS
    section_keys: tuple[str, ...] = RANGE_SECTION_KEYS

    def __init__(self, service: HistoryService, query: HistoryQuery,
                 default_metrics: Sequence[str] = DEFAULT_RANGE_METRICS) -> None:
        self.query = query
        self.sessions = service.load(query)
        self.default_metrics = tuple(default_metrics)
        span = f"{query.first.isoformat()}_{query.last.isoformat()}"
        self.title = span.replace("_", " – ")
        self.file_stem = f"history-{span}"

    def build(self, metrics: tuple[str, ...], _granularity: int | None, sections: tuple[str, ...],
              lang: str) -> AnyReport:
        q = self.query
        return build_range_report(self.sessions, RangeOptions(q.first, q.last, metrics, q.rooms, q.channels,
                                                              sections, lang, rank_by=self.default_metrics[0]))

    def steps(self, fmt: str, report: Any, out: Path) -> Iterator[float]:
        writers: dict[str, Steps] = {"csv": range_csv_steps, "xlsx": range_xlsx_steps, "png": png_export_steps,
                                     "pdf": pdf_export_steps}
        return writers[fmt](report, out)
