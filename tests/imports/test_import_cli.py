"""`dyconsole import FILE --mapping NAME --db PATH`: imports headless; a bad file exits 3 with each problem said
and nothing written; an unknown mapping or a missing --mapping exits 2."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli_support import dyconsole

from dyconsole.commands.exit_codes import DATA, OK, USAGE
from dyconsole.services.history.service import HistoryService


def test_import_then_again(samples: Path, db_path: Path) -> None:
    done = dyconsole(["import", str(samples / "wechat_channels_minutes.csv"), "--mapping", "wechat_channels",
                      "--db", str(db_path), "--lang", "en"])
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


def test_messages_follow_the_language_option(samples: Path, db_path: Path, tmp_path: Path) -> None:
    """Every message of the verb in --lang (zh by default, as the other verbs): the file's errors (wrong encoding,
    missing columns, a session imported already), an unknown mapping, what was imported."""
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00\xff")
    zh = dyconsole(["import", str(bad), "--mapping", "kuaishou", "--db", str(db_path)])
    assert zh.returncode == DATA and "文件不是可识别编码的文本" in zh.stderr and "gb18030" in zh.stderr
    assert "未导入任何内容" in zh.stderr and "nothing imported" not in zh.stderr
    en = dyconsole(["import", str(bad), "--mapping", "kuaishou", "--db", str(db_path), "--lang", "en"])
    assert "the file is not text in any encoding tried" in en.stderr and "文件" not in en.stderr
    missing = tmp_path / "missing_columns.csv"
    missing.write_text("开播时间,成交金额(元)\n2024-05-01 20:00:00,100\n", encoding="utf-8")
    cols = dyconsole(["import", str(missing), "--mapping", "kuaishou", "--db", str(db_path)])
    assert cols.returncode == DATA and "文件缺少此列" in cols.stderr and "个问题；未导入任何内容" in cols.stderr
    wechat = str(samples / "wechat_channels_minutes.csv")
    done = dyconsole(["import", wechat, "--mapping", "wechat_channels", "--db", str(db_path)])
    assert done.returncode == OK and "已从" in done.stdout and "导入 2 场 视频号 场次" in done.stdout
    again = dyconsole(["import", wechat, "--mapping", "wechat_channels", "--db", str(db_path)])
    assert again.returncode == DATA and "该场次已导入过" in again.stderr
    unknown = dyconsole(["import", wechat, "--mapping", "nope", "--db", str(db_path)])
    assert unknown.returncode == USAGE and "没有名为 'nope' 的映射" in unknown.stderr
