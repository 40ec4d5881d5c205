"""Report speed figures (not a test): python tests/reports/bench_report_export.py [hours] [poll_s]

Builds a synthetic session of `hours` (default 4) polled every `poll_s` (default 5) seconds, then times building
the report and writing CSV (per poll), Excel, PDF and the PNG charts. Prints figures, asserts nothing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dyconsole.core.metrics import ROOM_METRIC_NAMES  # noqa: E402
from dyconsole.core.model import RoomSample, RoomStatus  # noqa: E402
from dyconsole.core.report_model import ReportOptions, build_report  # noqa: E402
from dyconsole.core.report_types import ReportInputs, SessionMeta  # noqa: E402
from dyconsole.storage.export_csv import csv_export_steps, csv_rows  # noqa: E402
from dyconsole.storage.export_xlsx import xlsx_export_steps  # noqa: E402


def _timed(label: str, steps) -> None:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    n = sum(1 for _ in steps)
    print(f"{label}: {(time.perf_counter() - t0) * 1e3:.0f} ms in {n} steps")


def main(hours: float, poll_s: float) -> None:
    from PySide6.QtGui import QGuiApplication

    from dyconsole.ui.reports.pdf import pdf_export_steps
    from dyconsole.ui.reports.png_export import png_export_steps

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841
    start = 1_800_000_000.0
    n = int(hours * 3600 / poll_s)
    samples = [RoomSample(start + i * poll_s, "r", RoomStatus.LIVING,
                          {name: float(i * (k + 1)) for k, name in enumerate(ROOM_METRIC_NAMES)}) for i in range(n)]
    inputs = ReportInputs(SessionMeta("bench", "r", "bench", start, start + n * poll_s, "ended"), samples)
    for g in (1, 5):
        t0 = time.perf_counter()
        report = build_report(inputs, ReportOptions(granularity_min=g))
        print(f"{n} polls, build_report at {g} min: {(time.perf_counter() - t0) * 1e3:.0f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        header, rows = csv_rows(samples)
        _timed("csv per poll, all columns (cells already built)", csv_export_steps(header, rows, Path(tmp) / "a.csv"))
        _timed("xlsx 1 min", xlsx_export_steps(build_report(inputs, ReportOptions(granularity_min=1)), Path(tmp) / "a.xlsx"))
        _timed("pdf 1 min", pdf_export_steps(report, Path(tmp) / "a.pdf"))
        _timed("png 6 charts", png_export_steps(report, Path(tmp) / "p"))


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 4.0, float(sys.argv[2]) if len(sys.argv) > 2 else 5.0)
