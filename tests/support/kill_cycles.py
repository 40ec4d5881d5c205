"""SIGKILL cycles of `dyconsole record` (the crash guarantee, for the test and its benchmark): record, kill -9
once some polls are committed, check the database (integrity, every poll reported committed is stored, at most the
one in flight more, the session 'interrupted'), resume the SAME session, kill again, and so on; a last resume ends
it. Returns the figures of every cycle."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dyconsole.storage.db import open_db
from tests.support.cli_support import Background, dyconsole

SPEED = "300"


@dataclass(frozen=True)
class KillCycle:
    committed: int  # room polls the killed process said were committed
    stored_before: int  # room rows of the session before this cycle
    stored_after: int  # ... after the kill
    integrity: str  # PRAGMA integrity_check
    status: str  # the session's status after the kill


def _state(db: Path, sid: str) -> tuple[int, str, str]:
    """Rows of the session, integrity, and its status as the next start sees it (open_db marks a session whose
    recorder died 'interrupted')."""
    conn = open_db(db)
    try:
        rows = conn.execute("SELECT count(*) FROM room_samples WHERE session_id = ?", [sid]).fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        status = conn.execute("SELECT status FROM sessions WHERE id = ?", [sid]).fetchone()
    finally:
        conn.close()
    return rows, integrity, status[0] if status else ""


def kill_cycles(db: Path, kills: int, polls_per_cycle: int = 4, seed: int = 9) -> tuple[str, list[KillCycle], int]:
    """`kills` SIGKILLs of record (the first records a new session, the others resume it); then one clean resume.
    Returns the session id, the cycles and the clean resume's exit code."""
    sid = ""
    cycles: list[KillCycle] = []
    for n in range(kills):
        args = ["record", "--db", str(db), "--speed", SPEED, "--duration", "20000", "--seed", str(seed)]
        if sid:
            args += ["--resume", sid]
        before = _state(db, sid)[0] if sid else 0
        bg = Background.start(args)
        try:
            bg.wait_for("committed", count=polls_per_cycle, timeout=60.0)
            bg.proc.kill()  # SIGKILL: no handler, no cleanup
            bg.finish()
        finally:
            bg.kill()
        if not sid:
            sid = next(line.split()[-1] for _, line in bg.lines if "recording session" in line)
        committed = sum("room poll" in line and line.endswith(" committed") for _, line in bg.lines)
        after, integrity, status = _state(db, sid)
        cycles.append(KillCycle(committed, before, after, integrity, status))
    done = dyconsole(["record", "--db", str(db), "--speed", SPEED, "--duration", "300", "--resume", sid])
    return sid, cycles, done.returncode


def cycle_ok(c: KillCycle) -> bool:
    """Integrity ok, every committed poll stored (at most the one in flight more), the session interrupted."""
    return (c.integrity == "ok" and c.stored_before + c.committed <= c.stored_after <= c.stored_before
            + c.committed + 1 and c.status == "interrupted")
