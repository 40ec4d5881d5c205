"""The CLI's contract with its user (issue 14 point 4), through cli.main: a `--db` before the verb is honoured by
every verb that reads a database and refused by one that has none; `export` takes its format from the file name
and refuses a contradiction; `--metrics` takes the operator's zh/en labels; the same bad database is exit 3 from
every verb; every verb's --help ends with examples and the exit codes; the README's table is exit_codes'."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from tests.support.storage_helpers import START, Wall, living, room_sample

from dyconsole.cli import EXAMPLES, build_parser, main
from dyconsole.commands.exit_codes import Exit
from dyconsole.commands.settle import EXAMPLES as SETTLE_EXAMPLES
from dyconsole.core.clock import ManualClock
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder

README = Path(__file__).resolve().parents[2] / "README.md"
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "import_samples"
#: the pdf/png export creates a QGuiApplication when there is none: let pytest-qt's QApplication come first
pytestmark = pytest.mark.usefixtures("qapp")
VERBS = ("emulator", "record", "sessions", "export", "alerts", "settle", "import", "ab")


def _record(db_file: Path, wall: Wall) -> str:
    db = open_db(db_file, wall=wall)
    rec = Recorder(db, ManualClock(START), wall=wall)
    rec.on_room_info(living())
    rec.on_room(room_sample(START + 5, total_live_watch_cnt=1200.0, live_pay_order_gmv_alias=12.5, stat_cost=3.0,
                            live_pay_order_count_alias=2.0))
    rec.on_room(room_sample(START + 15, total_live_watch_cnt=1300.0, live_pay_order_gmv_alias=40.0, stat_cost=4.0,
                            live_pay_order_count_alias=5.0))
    sid = rec.session_id or ""
    db.close()
    return sid


def test_a_db_before_the_verb_is_honoured(tmp_path: Path, wall: Wall, capsys: pytest.CaptureFixture[str]) -> None:
    alt = tmp_path / "alt.sqlite3"
    sid = _record(alt, wall)
    assert main(["--db", str(alt), "sessions", "--json"]) == 0
    assert [s["id"] for s in json.loads(capsys.readouterr().out)] == [sid]
    assert main(["sessions", "--json"]) == 0  # the default database (the test's data dir): nothing there
    assert json.loads(capsys.readouterr().out) == []
    assert main(["--db", str(alt), "alerts", "--session", sid, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    out = tmp_path / "alt.csv"
    assert main(["--db", str(alt), "export", sid, "--out", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 3
    capsys.readouterr()
    # the same option after the verb wins over the one before it
    assert main(["--db", str(tmp_path / "missing.sqlite3"), "sessions", "--db", str(alt), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1


def test_a_global_option_a_verb_has_no_use_for_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--db", "x.sqlite3", "emulator"])
    assert info.value.code == Exit.USAGE
    assert "--db does not apply to `dyconsole emulator`" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["--speed", "60", "sessions"])
    assert info.value.code == Exit.USAGE
    assert "--speed does not apply to `dyconsole sessions`" in capsys.readouterr().err


def test_options_before_the_verb_reach_it_and_the_window_keeps_its_defaults() -> None:
    from dyconsole.cli import parse

    args = parse(["--speed", "60", "--seed", "7", "--db", "a.db", "record", "--duration", "30"])
    assert (args.speed, args.seed, args.db, args.source, args.duration) == (60.0, 7, "a.db", "demo", 30.0)
    args = parse(["--lang", "en", "export", "S", "--out", "r.pdf"])
    assert args.lang == "en"
    assert parse(["export", "S", "--out", "r.pdf"]).lang == "zh"
    assert parse(["emulator"]).seed == 1  # the emulator's own default, not the window's


def test_every_lang_option_takes_the_names_an_operator_types(capsys: pytest.CaptureFixture[str]) -> None:
    """zh, zh_CN (the settings' name) and en, wherever --lang is: the window's before the verb, a verb's after it."""
    from dyconsole.cli import parse

    assert [parse(["--lang", v]).lang for v in ("zh", "zh_CN", "zh-CN", "en", "EN")] == ["zh_CN"] * 3 + ["en"] * 2
    for before in ("zh", "zh_CN"):
        assert parse(["--lang", before, "export", "S", "--out", "r.pdf"]).lang == "zh"
    assert [parse(["export", "S", "--out", "r.pdf", "--lang", v]).lang for v in ("zh", "zh_CN", "en")] == \
        ["zh", "zh", "en"]
    assert parse(["import", "f.csv", "--mapping", "kuaishou", "--lang", "zh_CN"]).lang == "zh"
    assert parse(["ab", "show", "P", "--lang", "zh_CN"]).lang == "zh"
    with pytest.raises(SystemExit) as info:
        parse(["--lang", "fr"])
    assert info.value.code == Exit.USAGE
    assert "'fr' is not a language: zh (or zh_CN) or en" in capsys.readouterr().err
    window = parse(["--seed", "3"])
    assert (window.command, window.seed, window.speed, window.source, window.db) == (None, 3, 1.0, "demo", None)


def test_export_takes_the_format_from_the_name_and_refuses_a_mismatch(
        db_file: Path, wall: Wall, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sid = _record(db_file, wall)
    pdf = tmp_path / "report.pdf"
    assert main(["export", sid, "--db", str(db_file), "--out", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    csv_file = tmp_path / "run.csv"
    assert main(["export", sid, "--db", str(db_file), "--out", str(csv_file)]) == 0
    assert csv_file.read_text(encoding="utf-8-sig").startswith("ts,")
    capsys.readouterr()
    wrong = tmp_path / "wrong.pdf"
    assert main(["export", sid, "--db", str(db_file), "--format", "csv", "--out", str(wrong)]) == Exit.USAGE
    assert "--format csv does not match the file name" in capsys.readouterr().err and not wrong.exists()
    bare = tmp_path / "report"
    assert main(["export", sid, "--db", str(db_file), "--out", str(bare)]) == Exit.USAGE
    assert "cannot tell the format" in capsys.readouterr().err and not bare.exists()
    folder = tmp_path / "charts"
    folder.mkdir()
    assert main(["export", sid, "--db", str(db_file), "--out", str(folder), "--metrics", "gmv"]) == 0
    assert [p.suffix for p in folder.iterdir()] == [".png"]


def test_metrics_take_the_operators_labels(db_file: Path, wall: Wall, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    sid = _record(db_file, wall)
    out = tmp_path / "labels.csv"
    assert main(["export", sid, "--db", str(db_file), "--out", str(out),
                 "--metrics", "成交金额,paid orders,Ad spend,total_live_watch_cnt"]) == 0
    header = next(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert header == ["ts", "live_pay_order_gmv_alias", "live_pay_order_count_alias", "stat_cost",
                      "total_live_watch_cnt"]
    assert main(["export", sid, "--db", str(db_file), "--out", str(tmp_path / "n.csv"), "--metrics", "成交额度"]) == 2
    assert "unknown metric(s): 成交额度" in capsys.readouterr().err


def test_the_same_bad_database_is_exit_3_from_every_verb(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    for argv in (["sessions"], ["alerts"], ["export", "S", "--out", str(tmp_path / "x.csv")],
                 ["record", "--duration", "5"], ["settle"],
                 ["import", str(SAMPLES / "kuaishou_sessions.csv"), "--mapping", "kuaishou"]):
        assert main(["--db", str(bad), *argv]) == Exit.DATA, argv
        assert str(bad) in capsys.readouterr().err
    missing = tmp_path / "missing.sqlite3"
    for argv in (["sessions"], ["alerts"], ["export", "S", "--out", str(tmp_path / "x.csv")]):
        assert main([*argv, "--db", str(missing)]) == Exit.DATA, argv
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("verb", (None, *VERBS))
def test_every_help_ends_with_examples_and_the_exit_codes(verb: str | None,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(([verb] if verb else []) + ["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    examples = SETTLE_EXAMPLES.rstrip() if verb == "settle" else EXAMPLES[verb]
    assert examples in text  # raw: the example lines keep their layout
    assert text.index("examples:") > text.index("options:")
    lines = text.rstrip().splitlines()
    assert lines[-1].startswith("  3  data or database problem")
    commands = [line.split("  ", 2)[1] for line in examples.splitlines()[1:] if line.startswith("  ")]
    assert commands and all(c.split()[0] in ("dyconsole", "DYCONSOLE_SECRET=...") for c in commands), commands
    if verb is not None:  # each example of a verb runs that verb
        assert all(f" {verb}" in c for c in commands), commands


def test_the_readme_table_of_exit_codes_is_exit_codes() -> None:
    text = README.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| (\d) \| `(\w+)` \|", text, flags=re.M))
    assert rows == {str(int(code)): code.name for code in Exit}
    assert build_parser().epilog and all(f"  {int(code)}  " in build_parser().epilog for code in Exit)


def test_sessions_lists_an_interrupted_sessions_length(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.review.test_review_interrupted_length import LAST_SAMPLE_S, record_killed_session

    db_file = tmp_path / "killed.sqlite3"
    sid = record_killed_session(db_file)
    assert main(["--db", str(db_file), "sessions", "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["status"] == "interrupted" and item["ended_at"] is None
    assert item["length_s"] == LAST_SAMPLE_S and item["last_sample_at"] is not None
    assert main(["--db", str(db_file), "sessions"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert row.startswith(sid) and "0h25m" in row.split()
