"""An export drawn in-process (pdf, png: Qt paints them) leaves an application the windows can use: a process that
exported first and opens a window afterwards (the test run, in whatever order its tests come) does not abort. Run
in a fresh interpreter, since the test run's own application exists already."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from tests.support.cli_support import env
from tests.support.report_session import RecordedSession

SCRIPT = """
import sys
from dyconsole.cli import main
code = main(["export", sys.argv[1], "--db", sys.argv[2], "--format", sys.argv[3], "--out", sys.argv[4]])
from PySide6.QtWidgets import QApplication, QLabel
label = QLabel("after the export")
label.show()
print(code, type(QApplication.instance()).__name__, label.isVisible())
"""


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_a_window_after_an_in_process_export(recorded: RecordedSession, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / (f"charts-{fmt}" if fmt == "png" else "report.pdf")
    if fmt == "png":
        out.mkdir()
    done = subprocess.run([sys.executable, "-c", SCRIPT, recorded.session_id, str(recorded.db_file), fmt, str(out)],
                          capture_output=True, text=True, timeout=120, env=env({"QT_QPA_PLATFORM": "offscreen"}))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1].split() == ["0", "QApplication", "True"]  # exported, then a widget shown
    assert any(out.iterdir()) if fmt == "png" else out.stat().st_size > 0
