"""The headless verbs run without Qt: `dyconsole record` records a demo broadcast, `sessions` lists it, `export
--format csv` writes it and `settle` settles it, and none of them ever imports PySide6 (a recording box needs no GUI libraries loaded).
Each runs as `python -m dyconsole` would, under a wrapper that says at exit which Qt modules were imported."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Sequence

from tests.support.cli_support import env

#: runs dyconsole's __main__ and, at exit, prints on stderr the Qt modules the run imported
WRAPPER = """
import atexit, runpy, sys
def said():
    qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync', 'pyqtgraph'))
    sys.stderr.write('qt modules imported: %r\\n' % (qt,))
atexit.register(said)
sys.argv = ['dyconsole'] + sys.argv[1:]
runpy.run_module('dyconsole', run_name='__main__', alter_sys=True)
"""
MARK = "qt modules imported: "


def run_without_qt(args: Sequence[str]) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    done = subprocess.run([sys.executable, "-c", WRAPPER, *args], capture_output=True, text=True, timeout=120,
                          env=env())
    said = [line for line in done.stderr.splitlines() if line.startswith(MARK)]
    assert len(said) == 1, done.stderr
    return done, eval(said[0][len(MARK):])  # noqa: S307 - the repr of a list of module names, written above


def test_record_sessions_and_csv_export_never_import_qt(tmp_path: Path) -> None:
    db = tmp_path / "cache.db"
    done, qt = run_without_qt(["record", "--source", "demo", "--speed", "600", "--duration", "300", "--db", str(db)])
    assert done.returncode == 0, done.stderr
    assert qt == [], done.stderr
    session_id = done.stdout.strip().splitlines()[-1]
    assert f"recording session {session_id}" in done.stderr and "room poll 1: sample" in done.stderr
    with sqlite3.connect(db) as con:
        samples = con.execute("SELECT count(*) FROM room_samples WHERE session_id = ? AND is_gap = 0",
                              [session_id]).fetchone()[0]
        status = con.execute("SELECT status FROM sessions WHERE id = ?", [session_id]).fetchone()[0]
    assert samples >= 3 and status == "ended"

    listed, qt = run_without_qt(["sessions", "--db", str(db)])
    assert listed.returncode == 0 and session_id in listed.stdout, listed.stderr
    assert qt == []

    out = tmp_path / "s.csv"
    exported, qt = run_without_qt(["export", session_id, "--db", str(db), "--format", "csv", "--out", str(out)])
    assert exported.returncode == 0, exported.stderr
    assert qt == []
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) >= 1 + samples

    settled, qt = run_without_qt(["settle", "--db", str(db), "--session", session_id])
    assert settled.returncode == 0 and settled.stdout.startswith(f"{session_id} settled: 7-day ROI"), settled.stderr
    assert qt == []
