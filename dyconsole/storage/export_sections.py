"""The session report's tables an operator acts on after the show, as CSV files beside the session's CSV (the
per-poll or per-bucket one of storage.export_csv), one file a section:

- `<name>-roi7.csv`: the 7-day ROI, the projection (with its 90% range) while the session is not settled, the
  settled figure and its parts once it is, each under its own glossary name and beside the platform's GMV/cost ROI;
- `<name>-segments.csv`: the run of show's segments (segment, start, length, entries, stay, share past 3 minutes,
  conversion and its 90% range, GMV, best/worst);
- `<name>-delivery.csv`: delivery by region (region, shares of viewers and buyers, median days with its range, p90,
  delivered and in-transit orders; "not enough orders yet" in place of the days where that is so).

The tables are the report's (core.report_model sections `roi7`, `run_of_show`, `delivery`), so the files say what
the review, the PDF and the Excel sheets say. Headers are the report language's words (the glossary's terms and
core.report_text's), a duration's header names its unit (seconds); cells as storage.export_csv writes them
(numbers unformatted, times ISO 8601, missing empty). A section the report leaves out gets no file.
`session_csv_steps` writes the session's CSV and these files all or none (a cancel or a full disk leaves none).
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import Iterator, Sequence

from dyconsole.core.report_model import Report
from dyconsole.core.report_text import tr
from dyconsole.core.report_types import Column, Table
from dyconsole.storage.export_csv import all_or_none, csv_export_steps, table_csv_rows

#: the report sections written beside the session CSV: section -> (its table's key, the file name's suffix)
SECTION_FILES: dict[str, tuple[str, str]] = {"roi7": ("roi7", "roi7"), "run_of_show": ("run_of_show", "segments"),
                                             "delivery": ("delivery", "delivery")}
#: the sections a session CSV carries beside it (the report options of `dyconsole export --format csv`)
CSV_SECTIONS: tuple[str, ...] = tuple(SECTION_FILES)


def section_path(out: Path | str, suffix: str) -> Path:
    """Where a section's table goes beside the session CSV `out`: `<name>-<suffix>.csv`."""
    out = Path(out)
    return out.with_name(f"{out.stem}-{suffix}{out.suffix or '.csv'}")


def section_tables(report: Report) -> list[tuple[str, Table]]:
    """(file suffix, table) of each CSV section the report has, in SECTION_FILES order."""
    found = []
    for section, (key, suffix) in SECTION_FILES.items():
        table = next((t for t in report.tables.get(section, []) if t.key == key), None)
        if table is not None:
            found.append((suffix, table))
    return found


def section_paths(out: Path | str, report: Report) -> list[Path]:
    """The files `session_csv_steps` writes beside `out` for this report."""
    return [section_path(out, suffix) for suffix, _table in section_tables(report)]


def heading(column: Column, lang: str) -> str:
    """A section CSV's column header: the column's words, with the unit where the raw number needs one."""
    return tr("in_seconds", lang, label=column.label) if column.unit == "seconds" else column.label


def section_csv_rows(table: Table, lang: str, tz: tzinfo | None = None) -> tuple[list[str], list[list[str]]]:
    """Header (the words of `lang`) and cells of one section table."""
    return table_csv_rows(table, tz, lambda column: heading(column, lang))


def session_csv_steps(header: Sequence[str], rows: Sequence[Sequence[str]], out: Path | str, report: Report,
                      tz: tzinfo | None = None) -> Iterator[float]:
    """The session CSV (`header`, `rows` from storage.export_csv.csv_rows) to `out`, then the report's section
    tables beside it (`section_paths`), yielding the fraction done. All or none. Raises OSError."""
    tables = section_tables(report)
    parts = 1 + len(tables)
    with all_or_none() as written:
        for fraction in csv_export_steps(header, rows, out):
            yield fraction / parts
        written.append(Path(out))
        for i, (suffix, table) in enumerate(tables, 1):
            path = section_path(out, suffix)
            section_header, cells = section_csv_rows(table, report.options.lang, tz)
            for fraction in csv_export_steps(section_header, cells, path):
                yield (i + fraction) / parts
            written.append(path)
    yield 1.0
