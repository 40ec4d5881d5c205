"""The crash guarantee, repeated: five SIGKILLs of `dyconsole record` in a row, each resumed into the SAME session,
leave an intact database with every committed poll stored (the benchmark runs twenty:
tests/benchmarks/bench_kill_resume.py)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.support.kill_cycles import cycle_ok, kill_cycles


def test_five_kills_in_a_row_lose_nothing_committed_and_resume_the_same_session(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    sid, cycles, last = kill_cycles(db, kills=5)
    assert len(cycles) == 5
    assert [cycle_ok(c) for c in cycles] == [True] * 5, cycles
    assert last == 0
    conn = sqlite3.connect(db)
    try:
        assert [r[0] for r in conn.execute("SELECT id FROM sessions")] == [sid]  # one session, never a new one
        assert conn.execute("SELECT status FROM sessions").fetchone()[0] == "ended"
        resumed = conn.execute("SELECT count(*) FROM events WHERE session_id = ? AND kind = 'resumed'",
                               [sid]).fetchone()[0]
        assert resumed == 5  # four resumes after kills, and the final clean one
    finally:
        conn.close()
