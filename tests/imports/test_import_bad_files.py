"""Bad files change nothing and say why: a file in none of the encodings tried (each named), missing columns, text
in a number column (row, column, value), a session twice in the file or imported already, a write that fails
half-way (one transaction: the sessions written before it are rolled back)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dyconsole.core.imports.mapping import BUILTIN_MAPPINGS
from dyconsole.services.imports.service import ImportFileError, ImportService, StorageError
from dyconsole.storage.db import open_db
from dyconsole.storage.import_files import read_table
from dyconsole.storage.imports import write_imported
from dyconsole.core.imports.rows import read_rows

KS = BUILTIN_MAPPINGS["kuaishou"]


def _counts(path: Path) -> tuple[int, int]:
    db = open_db(path)
    try:
        return (db.execute("SELECT count(*) FROM sessions").fetchone()[0],
                db.execute("SELECT count(*) FROM room_samples").fetchone()[0])
    finally:
        db.close()


@pytest.fixture
def seeded(samples: Path, db_path: Path) -> ImportService:
    """A database holding the Taobao sample already (so 'nothing changed' is not an empty file staying empty)."""
    service = ImportService(db_path)
    assert service.import_file(samples / "taobao_live_sessions.xlsx", BUILTIN_MAPPINGS["taobao_live"]).ok
    return service


def _edited(samples: Path, tmp_path: Path, edit, encoding: str = "utf-8-sig") -> Path:  # type: ignore[no-untyped-def]
    text = (samples / "kuaishou_sessions.csv").read_text(encoding="utf-8-sig")
    out = tmp_path / "bad.csv"
    out.write_text(edit(text), encoding=encoding)
    return out


def test_wrong_encoding_names_every_encoding_tried(seeded: ImportService, tmp_path: Path, db_path: Path) -> None:
    before = _counts(db_path)
    bad = tmp_path / "utf16.csv"
    bad.write_bytes("开播时间,成交金额(元)\n".encode("utf-16-le") + b"\xff\xff\xff")
    with pytest.raises(ImportFileError) as err:
        seeded.import_file(bad, KS)
    for name in ("utf-8-sig", "utf-8", "gb18030"):
        assert name in str(err.value)
    assert _counts(db_path) == before


def test_gb18030_file_is_read_as_such(samples: Path, tmp_path: Path) -> None:
    path = _edited(samples, tmp_path, lambda t: t, encoding="gb18030")
    table = read_table(path)
    assert table.encoding == "gb18030" and "开播时间" in table.header


def test_missing_columns_are_named(seeded: ImportService, samples: Path, tmp_path: Path, db_path: Path) -> None:
    before = _counts(db_path)
    path = _edited(samples, tmp_path, lambda t: t.replace("成交金额(元)", "销售额", 1))
    preview = seeded.import_file(path, KS)
    assert not preview.ok
    assert [(p.row, p.column, p.why) for p in preview.problems] == [(0, "成交金额(元)", "no_column")]
    assert "成交金额(元)" in preview.problems[0].text("en") and "缺少" in preview.problems[0].text("zh")
    assert _counts(db_path) == before


def test_text_in_a_number_column_gives_row_column_value(seeded: ImportService, samples: Path, tmp_path: Path,
                                                         db_path: Path) -> None:
    before = _counts(db_path)
    lines = (samples / "kuaishou_sessions.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(",")
    cells[-1] = "待结算"  # the GMV of the file's row 4
    lines[3] = ",".join(cells)
    path = tmp_path / "text.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    preview = seeded.import_file(path, KS)
    assert [(p.row, p.column, p.value, p.why) for p in preview.problems] == [(4, "成交金额(元)", "待结算", "bad_number")]
    assert preview.problems[0].text("en") == \
        "row 4, column “成交金额(元)”, value “待结算”: text in a number column"
    assert _counts(db_path) == before


def test_a_session_twice_in_the_file(seeded: ImportService, samples: Path, tmp_path: Path, db_path: Path) -> None:
    before = _counts(db_path)
    lines = (samples / "kuaishou_sessions.csv").read_text(encoding="utf-8-sig").splitlines()
    path = tmp_path / "twice.csv"
    path.write_text("\n".join([*lines, lines[2]]) + "\n", encoding="utf-8-sig")
    preview = seeded.import_file(path, KS)
    assert [(p.row, p.why) for p in preview.problems] == [(len(lines) + 1, "dup_file")]
    assert _counts(db_path) == before


def test_a_file_imported_twice(seeded: ImportService, samples: Path, db_path: Path) -> None:
    assert seeded.import_file(samples / "kuaishou_sessions.csv", KS).ok
    after_first = _counts(db_path)
    again = seeded.import_file(samples / "kuaishou_sessions.csv", KS)
    assert not again.ok and {p.why for p in again.problems} == {"dup_db"}
    assert len(again.problems) == len(again.sessions) == 10
    assert _counts(db_path) == after_first


def test_a_write_that_fails_half_way_leaves_nothing(seeded: ImportService, samples: Path, db_path: Path) -> None:
    before = _counts(db_path)
    table = read_table(samples / "kuaishou_sessions.csv")
    sessions = read_rows(table.header, table.rows, KS).sessions
    db = open_db(db_path)
    try:
        with pytest.raises(StorageError):  # the last session's id clashes with the first: the insert fails
            write_imported(db, [*sessions, sessions[0]])
    finally:
        db.close()
    assert _counts(db_path) == before


def test_unreadable_xlsx_and_wrong_extension(seeded: ImportService, tmp_path: Path, samples: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(ImportFileError, match="XLSX"):
        seeded.import_file(fake, KS)
    other = tmp_path / "export.pdf"
    shutil.copyfile(samples / "kuaishou_sessions.csv", other)
    with pytest.raises(ImportFileError, match=".csv or .xlsx"):
        seeded.import_file(other, KS)
