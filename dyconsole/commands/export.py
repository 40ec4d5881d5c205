"""`dyconsole export SESSION_ID [--db PATH] [--format csv|xlsx|pdf|png] --out PATH [--metrics a,b,c]
[--granularity 1|5|15] [--lang zh|en]`: export a recorded session without a window.

- csv: storage.export_csv (one row per poll, or per bucket with --granularity); all columns unless --metrics;
  beside it `<name>-roi7.csv`, `<name>-segments.csv` and `<name>-delivery.csv` in --lang (storage.export_sections).
- xlsx: the report workbook (storage.export_xlsx); its data sheet has every metric unless --metrics, at
  --granularity minutes (default 1).
- pdf: the A4 report (ui.report_pdf); png: one file per chart (ui.report_render: PATH is a directory, or a prefix
  of the file names). Both draw with Qt: a QApplication is created here when none runs (offscreen when there is no
  display, so they work on a server). Charts show --metrics (default: core.report_model.DEFAULT_METRICS).
Without --format the format is the --out name's extension (.csv .xlsx .pdf .png; a folder: png); a name without
one of them is refused, and so is a --format that another known extension contradicts (csv into report.pdf).
--metrics takes metric names (the API's field names, the derived metrics), their core.glossary aliases (`gmv` for
live_pay_order_gmv_alias...) or the console's zh/en labels (成交金额, "Paid orders"); columns keep the metric names.
Exit codes (commands.exit_codes): 2 for the command line (an unknown metric, a format the name contradicts, a
folder that does not exist, never turned into a file name beside it), 3 for the data (a missing or unreadable database, an unknown session), 1 for an
output that could not be written; each with a clear message. Every file is written whole or not at all
(dyconsole.whole_files): a full disk leaves no truncated report.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, Iterator

from dyconsole.commands.exit_codes import Exit
from dyconsole.core.report_model import (
    DEFAULT_GRANULARITY,
    DEFAULT_METRICS,
    REPORT_METRICS,
    ReportOptions,
    UnknownMetrics,
    build_report,
    check_metrics,
)
from dyconsole.paths import default_db_path
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.storage.db import open_for_reading, storage_errors
from dyconsole.storage.errors import StorageError
from dyconsole.storage.export_csv import csv_rows
from dyconsole.storage.export_sections import CSV_SECTIONS, section_paths, session_csv_steps
from dyconsole.storage.export_xlsx import xlsx_export_steps

FORMATS = ("csv", "xlsx", "pdf", "png")


def _fail(message: str, code: Exit = Exit.USAGE) -> int:
    print(f"dyconsole export: {message}", file=sys.stderr)
    return int(code)


class FormatProblem(ValueError):
    """The export format cannot be told, or the file name contradicts it."""


def export_format(fmt: str | None, out: str) -> str:
    """The format to write: `fmt` when given (refused when the name's known extension says another), else the
    name's extension; a folder (existing, or a name ending in a separator) is png. Raises FormatProblem."""
    suffix = Path(out).suffix.lower().lstrip(".")
    named = suffix if suffix in FORMATS else None
    folder = Path(out).is_dir() or out.endswith(("/", os.sep))
    if fmt is not None:
        if fmt not in FORMATS:
            raise FormatProblem(f"unknown export format '{fmt}' (available: {', '.join(FORMATS)})")
        if named is not None and named != fmt and not folder:
            raise FormatProblem(f"--format {fmt} does not match the file name {out} (a .{named} file): "
                                f"name it .{fmt}, or leave --format out to write {named}")
        return fmt
    if folder:
        return "png"
    if named is None:
        raise FormatProblem(f"cannot tell the format from the name {out}: end it in "
                            f"{', '.join('.' + f for f in FORMATS)}, or give --format")
    return named


def ensure_qt_gui() -> Any:
    """The application to draw with: the one running, else a new one (offscreen when there is no display). A new one
    is a QApplication (a QGuiApplication that widgets can use too): a process that exports first and opens a window
    after (the test run; a report exported from the console) is not left with an application its windows abort on."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["dyconsole-export"])


def _out_problem(fmt: str, text: str) -> str:
    """What is wrong with `--out` before anything is drawn ('' when nothing)."""
    out = Path(text)
    names_folder = text.endswith(("/", os.sep)) or out.is_dir()
    if names_folder and fmt != "png":
        return f"--out {text} is a folder; give a file name (e.g. {out / ('report.' + fmt)})"
    folder = out if names_folder else out.parent
    if not folder.exists():
        return f"the folder {folder} does not exist; create it first"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    return ""


def _csv_with_sections(db: Any, session_id: str, out: str, metrics: tuple[str, ...] | None,
                       granularity: int | None, lang: str) -> tuple[int, list[Path]]:
    """The session CSV (every column unless `metrics`, per poll unless `granularity`) and beside it the 7-day ROI,
    the run of show's segments and delivery by region in `lang` (storage.export_sections); (rows, files beside)."""
    inputs = load_report_inputs(db, session_id)
    report = build_report(inputs, ReportOptions(granularity_min=granularity, sections=CSV_SECTIONS, lang=lang))
    header, rows = csv_rows(inputs.room, columns=metrics, granularity_min=granularity)
    for _ in session_csv_steps(header, rows, out, report):
        pass
    return len(rows), section_paths(out, report)


def _report_steps(fmt: str, db: Any, session_id: str, out: str, metrics: tuple[str, ...] | None,
                  granularity: int | None, lang: str) -> Iterator[float]:
    inputs = load_report_inputs(db, session_id)
    default = REPORT_METRICS if fmt == "xlsx" else DEFAULT_METRICS
    options = ReportOptions(metrics=metrics or default, granularity_min=granularity or DEFAULT_GRANULARITY,
                            lang=lang)
    report = build_report(inputs, options)
    if fmt == "xlsx":
        return xlsx_export_steps(report, out)
    ensure_qt_gui()
    if fmt == "pdf":
        from dyconsole.ui.reports.pdf import pdf_export_steps

        return pdf_export_steps(report, out)
    from dyconsole.ui.reports.png_export import png_export_steps

    return png_export_steps(report, out)


def run(args: argparse.Namespace) -> int:
    try:
        fmt = export_format(getattr(args, "format", None), str(args.out))
    except FormatProblem as exc:
        return _fail(str(exc))
    names = [c.strip() for c in args.metrics.split(",") if c.strip()] if getattr(args, "metrics", None) else None
    try:
        metrics = check_metrics(names) if names else None
    except UnknownMetrics as exc:
        return _fail(str(exc))
    granularity = getattr(args, "granularity", None)
    lang = getattr(args, "lang", None) or "zh"
    path = Path(args.db) if args.db else default_db_path()
    out = str(args.out)  # as given: a trailing '/' says it is a folder (Path() would drop it)
    problem = _out_problem(fmt, out)
    if problem:
        return _fail(problem)
    try:
        db = open_for_reading(path)
    except StorageError as exc:
        return _fail(str(exc), Exit.DATA)
    try:
        with storage_errors(db):
            if fmt == "csv":
                rows, beside = _csv_with_sections(db, args.session_id, out, metrics, granularity, lang)
                done = f"{rows} rows" + (f" (and beside it {', '.join(p.name for p in beside)})" if beside else "")
            else:
                for _ in _report_steps(fmt, db, args.session_id, out, metrics, granularity, lang):
                    pass
                done = "the report" if fmt != "png" else "the charts"
    except StorageError as exc:  # SessionNotFound included
        return _fail(str(exc), Exit.DATA)
    except ValueError as exc:  # a column or an option the report does not take
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}", Exit.FAILURE)  # the cause once
    finally:
        db.close()
    print(f"exported {done} of session {args.session_id} to {out}")
    return int(Exit.OK)
