"""The date-range history as the UI asks for it: the rooms and channels to choose from, the sessions of a range
(`HistoryService.load`, through storage.session_figures: one query, figures cached per session), the range report
(core.history.report) and its headless-safe exports (CSV: the per-session table and, beside it, the per-day totals;
Excel: both as sheets) as progress-yielding steps. No Qt here: the UI reaches storage through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator, Sequence

from dyconsole.core.history.ranges import day_bounds
from dyconsole.core.history.report import RangeOptions, RangeReport, build_range_report
from dyconsole.core.history.summary import SessionFigures
from dyconsole.services.reports.inputs import opened
from dyconsole.storage.export_csv import all_or_none, csv_export_steps, table_csv_rows
from dyconsole.storage.export_xlsx import xlsx_tables_steps
from dyconsole.storage.session_figures import load_range, rooms_and_channels


@dataclass(frozen=True)
class HistoryQuery:
    """Inclusive local days, and the rooms and channels (empty: all)."""

    first: date
    last: date
    rooms: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


class HistoryService:
    """The history of one session database (each call opens and closes its own connection; raises StorageError)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def choices(self) -> tuple[list[str], list[str]]:
        """Every room id and channel with a session."""
        with opened(self.path) as db:
            return rooms_and_channels(db)

    def load(self, query: HistoryQuery) -> list[SessionFigures]:
        """The sessions of the query, oldest first. ValueError for a range that ends before it starts."""
        lo, hi = day_bounds(query.first, query.last)
        with opened(self.path) as db:
            return load_range(db, lo, hi, query.rooms, query.channels)

    def report(self, query: HistoryQuery, metrics: Sequence[str], lang: str, full: bool = False) -> RangeReport:
        """The range report of the query's sessions (`full`: every column, for a data export)."""
        options = RangeOptions(query.first, query.last, tuple(metrics), query.rooms, query.channels, lang=lang,
                               full=full)
        return build_range_report(self.load(query), options)


def days_path(out: Path | str) -> Path:
    """Where the per-day totals go beside a per-session CSV: `<name>-days.csv`."""
    out = Path(out)
    return out.with_name(f"{out.stem}-days{out.suffix or '.csv'}")


def _table(report: RangeReport, key: str) -> list:  # type: ignore[type-arg]
    return report.tables.get(key) or []


def range_csv_steps(report: RangeReport, out: Path | str) -> Iterator[float]:
    """The per-session table to `out` and the per-day totals to `days_path(out)`; a cancel leaves neither."""
    with all_or_none() as written:
        for k, (key, path) in enumerate((("sessions", Path(out)), ("days", days_path(out)))):
            for table in _table(report, key):
                header, rows = table_csv_rows(table)
                for fraction in csv_export_steps(header, rows, path):
                    yield 0.5 * (k + fraction)
                written.append(path)
    yield 1.0


def range_xlsx_steps(report: RangeReport, out: Path | str) -> Iterator[float]:
    """A workbook: the title lines and totals, then the per-day totals, best and worst, and the sessions."""
    sheets = [t for key in ("kpis", "days", "best", "sessions", "forecast") for t in _table(report, key)]
    return xlsx_tables_steps(report.label("report_title"), report.title_lines(), sheets, out, report.options.lang)
