"""`dyconsole import FILE --mapping NAME --db PATH`: imports headless; a bad file exits 3 with each problem said
and nothing written; an unknown mapping or a missing --mapping exits 2."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli_support import dyconsole

from dyconsole.commands.exit_codes import DATA, OK, USAGE
from dyconsole.services.history.service import HistoryService


def test_import_then_again(samples: Path, db_path: Path) -> None:
    done = dyconsole(["import", str(samples / "wechat_channels_minutes.csv"), "--mapping", "wechat_channels",
                      "--db", str(db_path)])
    assert done.returncode == OK, done.stderr
    assert "imported 2 sessions" in done.stdout and "gb18030" in done.stdout
    assert HistoryService(db_path).choices()[1] == ["wechat_channels"]
    again = dyconsole(["import", str(samples / "wechat_channels_minutes.csv"), "--mapping", "wechat_channels",
                       "--db", str(db_path), "--lang", "en"])
    assert again.returncode == DATA
    assert "this session was imported already" in again.stderr and "nothing imported" in again.stderr


def test_bad_file_and_usage(samples: Path, db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00\xff")
    done = dyconsole(["import", str(bad), "--mapping", "kuaishou", "--db", str(db_path)])
    assert done.returncode == DATA and "gb18030" in done.stderr
    assert not db_path.exists() or HistoryService(db_path).choices() == ([], [])
    unknown = dyconsole(["import", str(samples / "kuaishou_sessions.csv"), "--mapping", "nope", "--db", str(db_path)])
    assert unknown.returncode == USAGE and "kuaishou" in unknown.stderr
    assert dyconsole(["import", str(samples / "kuaishou_sessions.csv")]).returncode == USAGE
