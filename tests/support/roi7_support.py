"""Demo broadcasts recorded and settled through the CLI for the 7-day ROI tests, and the simulator's truth of a
settled session (the demo room rebuilt from its seed past the cut-off, as `dyconsole settle` does)."""

from __future__ import annotations

from pathlib import Path

from dyconsole.commands.demo_wiring import settle_demo_room
from dyconsole.commands.record import demo_plan_of
from dyconsole.storage import settlements
from dyconsole.storage.db import open_db
from tests.support.cli_support import dyconsole

RECORD_SPEED = "600"


def record_demo(db: Path, seed: int, seconds: int, data_dir: Path) -> str:
    """One demo broadcast of `seconds` recorded by `dyconsole record`; its session id."""
    done = dyconsole(["record", "--source", "demo", "--db", str(db), "--speed", RECORD_SPEED, "--duration",
                      str(seconds), "--seed", str(seed)], timeout=120, extra_env={"DYCONSOLE_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def settle(db: Path, session_id: str, data_dir: Path) -> str:
    done = dyconsole(["settle", "--db", str(db), "--session", session_id], timeout=120,
                     extra_env={"DYCONSOLE_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def simulator_truth(db_path: Path, session_id: str) -> dict[str, int]:
    """The simulator's 7-day sales (fen) of the session's window, from its hidden order columns."""
    db = open_db(db_path)
    try:
        row = settlements.get(db, session_id) or settlements.session_window(db, session_id)
        start = row.get("window_start", row.get("start"))
        end = row.get("window_end", row.get("end"))
        cutoff = row["cutoff"]
        plan, _ = demo_plan_of(db, session_id)
    finally:
        db.close()
    clock, _connection, _transport, room = settle_demo_room(plan, cutoff)
    room.simulator.advance_to(clock.now())
    return room.simulator.truth.sales_7d_fen(start, end)
