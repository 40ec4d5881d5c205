"""`dyconsole ab`: list the plans with their verdicts, show one, export its slots as CSV; exit codes from
commands.exit_codes (3 for an unknown plan or database, 1 when the CSV cannot be written, 2 for usage)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from sqlite_utils import Database
from tests.support.ab_support import SPEC, run_plan

from dyconsole.cli import main
from dyconsole.commands.exit_codes import DATA, FAILURE, OK, USAGE


@pytest.fixture
def plan(db: Database, db_file: Path) -> str:
    pid, _ = run_plan(db, b_rate=3.0, a_rate=2.0)
    return pid


def test_list_and_show_give_the_verdict(plan: str, db_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ab", "list", "--db", str(db_file)]) == OK
    out = capsys.readouterr().out
    assert plan in out and SPEC.name in out and "已完成" in out and "4/4" in out
    assert main(["ab", "list", "--db", str(db_file), "--json", "--lang", "en"]) == OK
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == plan and row["effect"] == pytest.approx(0.5) and row["slots_used"] == 4
    assert row["text"] == "Too early to tell" or row["text"].startswith("No clear difference")  # 2 pairs only
    assert main(["ab", "show", plan, "--db", str(db_file), "--lang", "en"]) == OK
    shown = capsys.readouterr().out
    assert "券后减 5 元" in shown and "Paid orders / min" in shown and "3.0" in shown and "2.0" in shown
    assert main(["ab", "show", plan, "--db", str(db_file), "--json"]) == OK
    values = [s["value"] for s in json.loads(capsys.readouterr().out)["slots"]]
    assert values == pytest.approx(_rates(db_file, plan))


def _rates(db_file: Path, plan: str) -> list[float]:
    from dyconsole.storage.ab_store import slots

    return [3.0 if s.variant == "B" else 2.0 for s in slots(Database(db_file), plan)]


def test_export_writes_every_slot(plan: str, db_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "slots.csv"
    assert main(["ab", "export", plan, "--out", str(out), "--db", str(db_file)]) == OK
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [r["slot"] for r in rows] == ["0", "1", "2", "3"]
    assert [float(r["value"]) for r in rows] == pytest.approx([3.0 if r["variant"] == "B" else 2.0 for r in rows])
    assert {r["status"] for r in rows} == {"done"} and rows[0]["variant_name"] in ("原价", "降价")


def test_exit_codes(plan: str, db_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ab", "show", "nope", "--db", str(db_file)]) == DATA
    assert "no A/B plan 'nope'" in capsys.readouterr().err
    assert main(["ab", "list", "--db", str(tmp_path / "missing.sqlite3")]) == DATA
    assert main(["ab", "export", plan, "--out", str(tmp_path / "no" / "dir" / "s.csv"), "--db", str(db_file)]) \
        == FAILURE
    assert "cannot write" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["ab", "export", plan, "--db", str(db_file)])  # --out missing
    assert usage.value.code == USAGE
    with pytest.raises(SystemExit) as helped:
        main(["ab", "--help"])
    assert helped.value.code == 0 and "dyconsole ab export" in capsys.readouterr().out.split("examples:")[-1]
