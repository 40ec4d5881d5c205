"""Excel export of a session report (openpyxl): one sheet per chosen section, numbers kept as numbers.

Sheets, in order: the summary (title lines, then the KPI table), the data by time (the chosen metrics at the chosen
granularity: row 1 the metric labels, row 2 the API names, then one row per bucket with a real Excel date-time),
then funnel, the forecast of the broadcast's end, top products, 7-day ROI, the A/B plans' slots, run of show,
traffic sources, audience (its tables one under another), delivery, alerts and notes, each when its section is
chosen. Ratios carry a percent format and money a ¥ format, but the stored value is the raw number;
a missing value is an empty cell, never 0. The file appears whole or not at all (`xlsx_export_steps` yields its
progress; closing it early leaves nothing behind).
"""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dyconsole.core.outside_text import XLSX_CELL_MAX_CHARS, strip_controls
from dyconsole.core.report_model import Report, data_table
from dyconsole.core.report_text import tr
from dyconsole.core.report_types import Table
from dyconsole.whole_files import write_whole

#: Excel number format of each display unit of core.report_model
NUMBER_FORMATS: dict[str, str] = {
    "count": "#,##0",
    "per_min": "#,##0.0",
    "per_entry": "0.0",
    "yuan": "¥#,##0.00",
    "ratio": "0.00%",
    "multiple": "0.00",
    "seconds": "[h]:mm:ss",  # a duration Excel reads as one (0:59:49), not a bare 3589
    "time": "yyyy-mm-dd hh:mm:ss",
    "datetime": "yyyy-mm-dd hh:mm",
    "date": "yyyy-mm-dd",
}
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_ROWS_PER_STEP = 1000


def sheet_title(text: str) -> str:
    """A valid Excel sheet name (no []:*?/\\, at most 31 characters)."""
    return _BAD_SHEET_CHARS.sub(" ", text)[:31] or "Sheet"


def cell_text(text: str, lang: str = "zh") -> str:
    """Text as an Excel cell holds it: no control characters (openpyxl refuses them), at most 32,767 characters,
    a longer text cut with a note in the cell saying how much is missing."""
    clean = strip_controls(text)
    if len(clean) <= XLSX_CELL_MAX_CHARS:
        return clean
    note = tr("text_cut", lang, more="0" * 12)  # room for the count, whatever its length
    kept = XLSX_CELL_MAX_CHARS - len(note)
    return clean[:kept] + tr("text_cut", lang, more=f"{len(clean) - kept:,}")


def excel_value(value: Any, unit: str, lang: str = "zh") -> Any:
    """The cell value: numbers as numbers, epoch seconds as a local date-time, durations as durations, text made
    safe for a cell (`cell_text`), missing as empty."""
    if isinstance(value, str) and unit != "text":
        return cell_text(value, lang)
    if value is None:
        return None
    if unit in ("time", "datetime"):
        return datetime.fromtimestamp(float(value))
    if unit == "date":
        return datetime.fromtimestamp(float(value)).replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "seconds":
        return timedelta(seconds=round(float(value)))
    if unit == "text":
        return cell_text(str(value), lang)
    return float(value) if not isinstance(value, int) else value


def _cell(ws: WriteOnlyWorksheet, value: Any, unit: str, bold: bool = False, lang: str = "zh") -> WriteOnlyCell:
    if unit == "mixed":  # a (value, unit) pair: the KPI table's value column
        value, unit = value
    cell = WriteOnlyCell(ws, value=excel_value(value, unit, lang))
    if unit in NUMBER_FORMATS and value is not None:
        cell.number_format = NUMBER_FORMATS[unit]
    if bold:
        cell.font = Font(bold=True)
    return cell


def _header(ws: WriteOnlyWorksheet, labels: list[str]) -> list[WriteOnlyCell]:
    cells = []
    for label in labels:
        cell = WriteOnlyCell(ws, value=label)
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    return cells


def _write_table(ws: WriteOnlyWorksheet, table: Table, with_title: bool, lang: str) -> None:
    if with_title:
        ws.append([_cell(ws, table.title, "text", bold=True, lang=lang)])
    ws.append(_header(ws, [c.label for c in table.columns]))
    for row in table.rows:
        ws.append([_cell(ws, v, c.unit, lang=lang) for v, c in zip(row, table.columns)])
    if table.caption:
        ws.append([cell_text(table.caption, lang)])


def _widths(ws: WriteOnlyWorksheet, widths: list[int]) -> None:
    for i, w in enumerate(widths):
        ws.column_dimensions[get_column_letter(i + 1)].width = w


def xlsx_export_steps(report: Report, out: Path | str) -> Iterator[float]:
    """Write the report's workbook to `out`, yielding the fraction done. Raises OSError."""
    return _workbook_steps(lambda wb: _fill(wb, report), out)


def xlsx_tables_steps(title: str, title_lines: Sequence[tuple[str, str]], sheets: Sequence[Table],
                      out: Path | str, lang: str = "zh") -> Iterator[float]:
    """A workbook of plain tables (the date-range history: per-session table, per-day totals): a summary sheet
    (`title`, then its lines), then one sheet per table, numbers kept as numbers. Raises OSError."""
    def fill(wb: Workbook) -> Iterator[float]:
        summary = wb.create_sheet(sheet_title(title))
        _widths(summary, [28, 40])
        summary.append([_cell(summary, title, "text", bold=True, lang=lang)])
        for label, value in title_lines:
            summary.append([cell_text(label, lang), cell_text(value, lang)])
        for i, table in enumerate(sheets):
            ws = wb.create_sheet(sheet_title(table.title))
            _widths(ws, [18, 30] + [16] * (len(table.columns) - 2))
            _write_table(ws, table, False, lang)
            yield 0.8 * (i + 1) / len(sheets)
    return _workbook_steps(fill, out)


def _workbook_steps(fill: Callable[[Workbook], Iterator[float]], out: Path | str) -> Iterator[float]:
    wb = Workbook(write_only=True)
    try:
        yield from fill(wb)
        yield 0.9
        data = io.BytesIO()  # the workbook is made in memory, then written whole (dyconsole.whole_files)
        wb.save(data)
    except BaseException:  # cancelled, or openpyxl's temporary streams hit a full disk: close them now, quietly,
        _close_streams(wb)  # so they do not fail again (as "Exception ignored" tracebacks) when collected
        raise
    write_whole(out, data.getvalue())
    yield 1.0


def _close_streams(wb: Workbook) -> None:
    for ws in wb.worksheets:
        try:
            ws.close()
        except Exception:  # noqa: BLE001 - best effort on the way out
            pass


def _fill(wb: Workbook, report: Report) -> Iterator[float]:
    lang_tr = report.label
    summary = wb.create_sheet(sheet_title(lang_tr("report_title")))
    _widths(summary, [28, 40])
    summary.append([_cell(summary, lang_tr("report_title"), "text", bold=True)])
    lang = report.options.lang
    for label, value in report.title_lines():
        summary.append([cell_text(label, lang), cell_text(value, lang)])
    summary.append([])
    for table in report.tables.get("kpis", []):
        _write_table(summary, table, with_title=True, lang=lang)

    data = data_table(report)
    ws = wb.create_sheet(sheet_title(data.title))
    ws.freeze_panes = "B3"
    _widths(ws, [20] + [16] * (len(data.columns) - 1))
    ws.append(_header(ws, [c.label for c in data.columns]))
    ws.append(["ts", *(c.key for c in data.columns[1:])])
    total = max(1, len(data.rows))
    for start in range(0, len(data.rows), _ROWS_PER_STEP):
        for row in data.rows[start:start + _ROWS_PER_STEP]:
            ws.append([_cell(ws, v, c.unit, lang=lang) for v, c in zip(row, data.columns)])
        yield 0.8 * min(1.0, (start + _ROWS_PER_STEP) / total)

    for section in ("funnel", "end_forecast", "products", "roi7", "ab", "run_of_show", "traffic", "audience",
                    "delivery", "alerts", "notes"):
        tables = report.tables.get(section)
        if not tables:
            continue
        ws = wb.create_sheet(sheet_title(lang_tr(section)))
        _widths(ws, [20, 36 if section in ("products", "notes", "run_of_show") else 16] + [16] * 8)
        for i, table in enumerate(tables):
            if i:
                ws.append([])
            _write_table(ws, table, with_title=len(tables) > 1, lang=lang)
