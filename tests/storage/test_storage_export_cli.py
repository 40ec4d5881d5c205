"""CSV export (values exactly as stored, empty cells for missing, BOM, ISO times with offset) and the
`sessions` / `export` verbs (JSON shape, exit codes, clear messages)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from tests.support.storage_helpers import START, Wall, living, room_sample

from dyconsole.cli import main
from dyconsole.core import derived, glossary
from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import Gap
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.storage.db import open_db
from dyconsole.storage.export_csv import export_session_csv, format_cell, iso_local
from dyconsole.storage.recorder import Recorder
from dyconsole.storage.sessions import load_room_samples

OFFSET = re.compile(r"[+-]\d\d:\d\d$")
VALUES = [
    {"total_live_watch_cnt": 1200.0, "live_pay_order_gmv_alias": 0.1 + 0.2, "ctr": 0.012345678901234567,
     "stat_cost": 3.0, "online_user_cnt": 310.0},
    {"total_live_watch_cnt": 1264.0, "live_pay_order_gmv_alias": 98765.4321, "ctr": None, "stat_cost": 1e-7,
     "total_live_like_cnt": 0.0},
]


def _record(db_file: Path, wall: Wall) -> str:
    db = open_db(db_file, wall=wall)
    clock = ManualClock(START)
    rec = Recorder(db, clock, wall=wall)
    rec.on_room_info(living())
    rec.on_room(room_sample(START + 5, **VALUES[0]))
    rec.on_gap(Gap("room", START + 10, "HTTP 502"))
    rec.on_room(room_sample(START + 15.25, **VALUES[1]))
    sid = rec.session_id or ""
    db.close()
    return sid


def _read(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_cells_are_exactly_the_stored_values(db_file: Path, wall: Wall, tmp_path: Path) -> None:
    sid = _record(db_file, wall)
    out = tmp_path / "场次.csv"
    db = open_db(db_file, wall=wall)
    assert export_session_csv(db, sid, out) == 3
    raw, rows = _read(out)
    assert raw.startswith(b"\xef\xbb\xbf")
    header, body = rows[0], rows[1:]
    assert header[: 1 + len(ROOM_METRIC_NAMES)] == ["ts", *ROOM_METRIC_NAMES]
    stored = load_room_samples(db, sid)
    for row, sample in zip(body, stored, strict=True):
        assert OFFSET.search(row[0]) and datetime.fromisoformat(row[0]).timestamp() == sample.ts
        for name, cell in zip(ROOM_METRIC_NAMES, row[1:], strict=False):
            value = sample.get(name)
            assert (cell == "") if value is None else (float(cell) == value), (name, cell, value)
    assert body[0][header.index("live_pay_order_gmv_alias")] == repr(0.1 + 0.2)
    assert body[0][header.index("stat_cost")] == "3" and body[2][header.index("stat_cost")] == "1e-07"
    assert body[2][header.index("total_live_like_cnt")] == "0"  # a real zero stays a zero
    assert body[2][header.index("ctr")] == ""  # missing is empty, never 0
    assert all(cell == "" for cell in body[1][1:])  # the failed poll: a row of empty cells
    db.close()


def test_derived_columns_follow_the_metrics(db_file: Path, wall: Wall, tmp_path: Path) -> None:
    sid = _record(db_file, wall)
    db = open_db(db_file, wall=wall)
    export_session_csv(db, sid, tmp_path / "x.csv")
    _, rows = _read(tmp_path / "x.csv")
    assert rows[0] == ["ts", *ROOM_METRIC_NAMES, *derived.DERIVED_NAMES]
    expected = derived.derive_rows(load_room_samples(db, sid))
    for row, want in zip(rows[1:], expected, strict=True):
        assert row[1 + len(ROOM_METRIC_NAMES):] == [format_cell(want[name]) for name in derived.DERIVED_NAMES]
    db.close()


def test_times_carry_the_local_offset() -> None:
    cst = timezone(timedelta(hours=8))
    ts = datetime(2026, 11, 23, 20, 0, 5, tzinfo=cst).timestamp()
    assert iso_local(ts, cst) == "2026-11-23T20:00:05+08:00"
    assert iso_local(ts + 0.5, cst) == "2026-11-23T20:00:05.500+08:00"
    assert OFFSET.search(iso_local(ts))


def test_export_verb_writes_csv_and_fails_clearly(db_file: Path, wall: Wall, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    sid = _record(db_file, wall)
    out = tmp_path / "out.csv"
    assert main(["export", sid, "--db", str(db_file), "--format", "csv", "--out", str(out)]) == 0
    assert len(_read(out)[1]) == 4
    assert main(["export", sid, "--db", str(db_file), "--out", str(tmp_path / "m.csv"),
                 "--metrics", "total_live_watch_cnt,stat_cost"]) == 0
    assert _read(tmp_path / "m.csv")[1][0] == ["ts", "total_live_watch_cnt", "stat_cost"]
    capsys.readouterr()

    # xlsx is a report format now (tests/reports cover it); an unwritable folder is still refused clearly
    assert main(["export", sid, "--db", str(db_file), "--format", "xlsx", "--out", str(tmp_path / "no" / "x.xlsx")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["export", "no-such-session", "--db", str(db_file), "--out", str(tmp_path / "n.csv")]) == 3
    assert "no session 'no-such-session'" in capsys.readouterr().err
    assert main(["export", sid, "--db", str(tmp_path / "missing.sqlite3"), "--out", str(tmp_path / "n.csv")]) == 3
    assert "no session database" in capsys.readouterr().err
    assert main(["export", sid, "--db", str(db_file), "--out", str(tmp_path / "n.csv"), "--metrics", "bogus"]) == 2
    assert "bogus" in capsys.readouterr().err
    assert not (tmp_path / "n.csv").exists() and not (tmp_path / "missing.sqlite3").exists()


def test_export_metrics_take_glossary_names(db_file: Path, wall: Wall, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """--metrics takes the glossary's names (`gmv`) beside the API's; the columns keep the API / derived names, and
    an unknown name is refused with the valid ones listed, aliases included."""
    sid = _record(db_file, wall)
    out = tmp_path / "g.csv"
    assert main(["export", sid, "--db", str(db_file), "--format", "csv", "--out", str(out),
                 "--metrics", "gmv,online"]) == 0
    header, *body = _read(out)[1]
    assert header == ["ts", "live_pay_order_gmv_alias", "online"] and len(body) == 3
    assert body[0][1] == repr(0.1 + 0.2) and body[0][2] == "310"  # the demo row's GMV and its real online count
    capsys.readouterr()
    assert main(["export", sid, "--db", str(db_file), "--out", str(tmp_path / "n.csv"), "--metrics", "gmv,gross"]) == 2
    err = capsys.readouterr().err
    assert "unknown metric(s): gross" in err and "gmv (= live_pay_order_gmv_alias)" in err and "online" in err


def test_the_excel_labels_row_is_the_glossarys(db_file: Path, wall: Wall, tmp_path: Path) -> None:
    """The data sheet of an Excel export: row 1 the glossary's labels (zh and en), row 2 the metric names."""
    openpyxl = pytest.importorskip("openpyxl")
    sid = _record(db_file, wall)
    for lang in ("zh", "en"):
        out = tmp_path / f"{lang}.xlsx"
        assert main(["export", sid, "--db", str(db_file), "--format", "xlsx", "--out", str(out), "--lang", lang,
                     "--metrics", "gmv,online,total_live_watch_cnt,gpm"]) == 0
        rows = list(openpyxl.load_workbook(out).worksheets[1].iter_rows(max_row=2, values_only=True))
        names = ["live_pay_order_gmv_alias", "online", "total_live_watch_cnt", "gpm"]
        assert list(rows[1]) == ["ts", *names]
        assert list(rows[0][1:]) == [glossary.label(n, lang) for n in names]


def test_sessions_json_shape(db_file: Path, wall: Wall, capsys: pytest.CaptureFixture[str]) -> None:
    sid = _record(db_file, wall)  # left 'live', its last heartbeat long ago in real time: a dead recording
    assert main(["sessions", "--db", str(db_file), "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert {"id", "room_id", "title", "started_at", "ended_at", "status", "samples"} <= set(item)
    assert item["id"] == sid and item["title"] == "秋冬新品专场" and item["samples"] == 2
    assert item["status"] == "interrupted" and item["ended_at"] is None
    assert OFFSET.search(item["started_at"])
    assert datetime.fromisoformat(item["started_at"]).timestamp() == START

    assert main(["sessions", "--db", str(db_file)]) == 0
    table = capsys.readouterr().out
    assert sid in table and "秋冬新品专场" in table


def test_sessions_verb_without_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sessions", "--json"]) == 0  # default location, nothing recorded yet
    assert json.loads(capsys.readouterr().out) == []
    assert main(["sessions", "--db", str(tmp_path / "nope.sqlite3")]) == 3
    assert "no session database" in capsys.readouterr().err
