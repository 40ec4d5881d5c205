"""Text from outside in the exports and listings: control characters in a room title (the platform's) and in the
notes no longer crash the XLSX export nor reach the terminal raw through `sessions`; a 600k-character note is cut
(said in the report) so the PDF export stays quick; an XLSX cell says where it was cut at 32,767 characters."""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.support.report_session import RecordedSession

from dyconsole.cli import main
from dyconsole.core.outside_text import NOTES_MAX_CHARS, XLSX_CELL_MAX_CHARS
from dyconsole.storage.db import open_db
from dyconsole.storage.export_xlsx import cell_text
from dyconsole.storage.session_edit import set_session_notes

TITLE = "秋冬\x1b]0;owned\x07新品\x1b[31m专场"


def _copy_with(recorded: RecordedSession, tmp_path: Path, notes: str) -> Path:
    db_file = tmp_path / "copy.sqlite3"
    shutil.copy(recorded.db_file, db_file)
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE sessions SET title = ?, notes = ? WHERE id = ?", [TITLE, notes, recorded.session_id])
    return db_file


def test_xlsx_takes_control_characters_and_says_where_it_cut(recorded: RecordedSession, tmp_path: Path) -> None:
    db_file = _copy_with(recorded, tmp_path, "开场\x0b说明 " + "长" * 40_000)
    out = tmp_path / "r.xlsx"
    assert main(["export", recorded.session_id, "--db", str(db_file), "--format", "xlsx", "--out", str(out),
                 "--lang", "en"]) == 0
    texts = [c for ws in load_workbook(out, read_only=True) for row in ws.iter_rows(values_only=True) for c in row
             if isinstance(c, str)]
    assert any("秋冬]0;owned新品[31m专场" in t for t in texts)  # the title, without its control characters
    note = next(t for t in texts if t.startswith("开场说明"))
    assert note.endswith(" more characters not shown)") and len(note) <= XLSX_CELL_MAX_CHARS
    assert f"{40_005 - NOTES_MAX_CHARS:,} more" in note  # the report keeps the first NOTES_MAX_CHARS (of 5 + 40,000)


def test_an_xlsx_cell_cut_at_its_limit_says_so() -> None:
    text = cell_text("x" * 40_000, "en")
    assert len(text) <= XLSX_CELL_MAX_CHARS and text.startswith("x" * 30_000)
    cut = 40_000 - text.index("…")
    assert text.endswith(f"(cut: {cut:,} more characters not shown)")


def test_a_huge_note_keeps_the_pdf_export_quick(recorded: RecordedSession, tmp_path: Path) -> None:
    db_file = _copy_with(recorded, tmp_path, "备注" * 300_000)
    out = tmp_path / "r.pdf"
    started = time.monotonic()
    assert main(["export", recorded.session_id, "--db", str(db_file), "--format", "pdf", "--out", str(out)]) == 0
    assert time.monotonic() - started < 20  # it took over 15 minutes with the whole note (now ~2 s)
    assert out.stat().st_size > 0


def test_sessions_prints_titles_with_their_controls_escaped(recorded: RecordedSession, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    db_file = _copy_with(recorded, tmp_path, "")
    assert main(["sessions", "--db", str(db_file)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "秋冬\\x1b]0;owned\\x07新品\\x1b[31m专场" in out


def test_notes_from_the_operator_are_capped_and_the_cut_counted(recorded: RecordedSession, tmp_path: Path) -> None:
    db_file = _copy_with(recorded, tmp_path, "")
    db = open_db(db_file)
    assert set_session_notes(db, recorded.session_id, "a\x1b" + "b" * (NOTES_MAX_CHARS + 50)) == 51
    stored = db.execute("SELECT notes FROM sessions WHERE id = ?", [recorded.session_id]).fetchone()[0]
    assert len(stored) == NOTES_MAX_CHARS and stored.startswith("ab") and "\x1b" not in stored
    db.close()
