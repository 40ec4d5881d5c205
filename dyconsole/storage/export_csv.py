"""CSV export of one session: one row per room poll, for Excel and for anyone's own analysis.

Columns: `ts` (ISO 8601 with the local UTC offset, e.g. 2026-11-23T20:00:05+08:00), then one column per room
metric named exactly as the API names it (core.metrics.ROOM_METRIC_NAMES order), then the derived columns of
`dyconsole.core.derived` (DERIVED_NAMES order). A missing value (and every metric of a failed poll) is an EMPTY
cell, never 0. Numbers are written so they read back exactly as stored (shortest round-trip form; whole numbers
without a decimal point). UTF-8 with a BOM so Excel shows Chinese correctly. The file appears whole or not at all.

With a granularity (1, 5 or 15 minutes) there is one row per bucket instead of one per poll: `ts` is the bucket's
start, counters are the last value in the bucket, rates and ratios the bucket mean (core.resample says which).
`csv_export_steps` writes in chunks and yields its progress (0..1); closing it early (a cancelled export) removes
the partial file. `atomic_path` (dyconsole.whole_files) is the write-beside-sync-rename every exporter uses.
"""

from __future__ import annotations

import contextlib
import csv
import math
from datetime import datetime, timezone, tzinfo
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from sqlite_utils import Database

from dyconsole.core.derived import DERIVED_NAMES, derive_rows
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.core.model import RoomSample
from dyconsole.core.report_types import Column, Table
from dyconsole.core.resample import resample
from dyconsole.storage.loaders import load_room_samples
from dyconsole.whole_files import atomic_path

__all__ = ["atomic_path", "csv_export_steps", "csv_rows", "export_session_csv", "format_cell", "iso_local",
           "table_csv_rows"]

def iso_local(ts: float, tz: tzinfo | None = None) -> str:
    """Epoch seconds as ISO 8601 with the offset of `tz` (default: this machine's local zone)."""
    moment = datetime.fromtimestamp(ts, tz=timezone.utc).astimezone(tz)
    return moment.isoformat(timespec="seconds" if float(ts).is_integer() else "milliseconds")


def format_cell(value: float | int | None) -> str:
    """Empty for missing (None/NaN); whole numbers without '.0'; otherwise the shortest exact repr."""
    if value is None:
        return ""
    number = float(value)
    if math.isnan(number):
        return ""
    if number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    return repr(number)


def csv_rows(samples: Sequence[RoomSample], tz: tzinfo | None = None, columns: Sequence[str] | None = None,
             granularity_min: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and cells for these samples (gap samples give empty metric cells); `columns` picks a subset;
    `granularity_min` resamples to 1/5/15-minute buckets (ValueError for another value)."""
    derived_names = list(DERIVED_NAMES)
    derived_rows = derive_rows(samples)
    header = ["ts", *ROOM_METRIC_NAMES, *derived_names]
    if columns is not None:
        unknown = [c for c in columns if c not in header]
        if unknown:
            raise ValueError(f"unknown column(s): {', '.join(unknown)}")
        header = ["ts", *[c for c in columns if c != "ts"]]
    if granularity_min is not None:
        table = resample(samples, derived_rows, header[1:], granularity_min)
        return header, [[iso_local(ts, tz), *(format_cell(table.columns[n][i]) for n in header[1:])]
                        for i, ts in enumerate(table.ts)]
    rows: list[list[str]] = []
    for sample, derived in zip(samples, derived_rows, strict=True):
        cells = [iso_local(sample.ts, tz)]
        for name in header[1:]:
            value = derived.get(name) if name in derived_names else sample.values.get(name)
            cells.append(format_cell(value))
        rows.append(cells)
    return header, rows


def table_csv_rows(table: Table, tz: tzinfo | None = None,
                   heading: Callable[[Column], str] | None = None) -> tuple[list[str], list[list[str]]]:
    """Header (the columns' keys: metric names as the API and the glossary spell them; or `heading(column)`, e.g.
    the column's words) and cells of a report table (core.report_types.Table): times in ISO 8601, a date as
    YYYY-MM-DD, numbers as `format_cell`, missing empty."""
    def cell(value: Any, unit: str) -> str:
        if unit == "mixed":
            value, unit = value
        if value is None:
            return ""
        if unit in ("time", "datetime"):
            return iso_local(float(value), tz)
        if unit == "date":
            return datetime.fromtimestamp(float(value)).date().isoformat()
        if unit == "text":
            return str(value)
        return format_cell(value)

    return ([heading(c) if heading is not None else c.key for c in table.columns],
            [[cell(v, c.unit) for v, c in zip(row, table.columns)] for row in table.rows])


@contextlib.contextmanager
def all_or_none() -> Iterator[list[Path]]:
    """For an export of several files: the files written inside the block (append each to the list given) are
    removed again if the block fails or is cancelled (a generator closed early), so none is left half a set."""
    written: list[Path] = []
    try:
        yield written
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise


def csv_export_steps(header: Sequence[str], rows: Sequence[Sequence[str]], out: Path | str,
                     chunk_rows: int = 2000) -> Iterator[float]:
    """Write `header` and `rows` (from csv_rows) to `out` in chunks, yielding the fraction done after each chunk.

    Closing the generator before it finishes leaves no file behind. Raises OSError.
    """
    with atomic_path(out) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for start in range(0, len(rows), chunk_rows):
            writer.writerows(rows[start:start + chunk_rows])
            yield min(1.0, (start + chunk_rows) / len(rows))
    yield 1.0


def export_session_csv(db: Database, session_id: str, out: Path | str, tz: tzinfo | None = None,
                       columns: Sequence[str] | None = None, granularity_min: int | None = None) -> int:
    """Write the session's CSV to `out` (atomically); returns the number of data rows.

    Raises SessionNotFound, ValueError (unknown column or granularity), OSError (cannot write `out`).
    """
    header, rows = csv_rows(load_room_samples(db, session_id), tz, columns, granularity_min)
    for _ in csv_export_steps(header, rows, out):
        pass
    return len(rows)
