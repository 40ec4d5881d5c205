"""What the sessions browser changes and adds to the sessions list: a session's notes, deleting a session with
everything recorded under it, and the per-session figures the list shows beyond `SessionSummary` (total views for
the conversion rate, the number of alerts).

A session being recorded right now (live, with a living recorder) cannot be deleted: SessionBusy. Every function
is one short transaction; sqlite3 failures come out as StorageError.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sqlite_utils import Database

from dyconsole.core.outside_text import NOTES_MAX_CHARS, cap, strip_controls
from dyconsole.storage.db import storage_errors
from dyconsole.storage.loaders import require_session
from dyconsole.storage.redact import redact_text
from dyconsole.storage.errors import SessionBusy
from dyconsole.storage.schema import LIVE
from dyconsole.storage.sessions import effective_status

#: the tables whose rows belong to one session (deleted with it)
SESSION_TABLES: tuple[str, ...] = (
    "room_samples", "product_samples", "flow_samples", "audience_samples", "orders", "gaps", "events", "alerts",
)


@dataclass(frozen=True, slots=True)
class SessionTotals:
    """Figures of one session the summary lacks: the last cumulative views and how many alerts fired."""

    views: float | None
    alerts: int


def set_session_notes(db: Database, session_id: str, notes: str) -> int:
    """Replace the session's notes (raises SessionNotFound). Secrets pasted by mistake are redacted, control
    characters stripped, and the notes capped at NOTES_MAX_CHARS: returns how many characters were cut (the
    caller says so)."""
    kept, cut = cap(strip_controls(notes), NOTES_MAX_CHARS)
    with storage_errors(db):
        require_session(db, session_id)
        with db.atomic():
            db.execute("UPDATE sessions SET notes = ? WHERE id = ?", [redact_text(kept), session_id])
    return cut


def delete_session(db: Database, session_id: str, now: float | None = None) -> None:
    """Delete the session and every row recorded under it. Raises SessionNotFound, or SessionBusy while a living
    recorder still writes it (`now`: real wall-clock seconds, to tell)."""
    wall = time.time() if now is None else now
    with storage_errors(db):
        row = require_session(db, session_id)
        if effective_status(row, wall) == LIVE:
            raise SessionBusy(f"session {session_id!r} is being recorded; stop the recording before deleting it")
        with db.atomic():
            for table in SESSION_TABLES:
                if db[table].exists():
                    db.execute(f"DELETE FROM {table} WHERE session_id = ?", [session_id])
            if db["ab_slots"].exists():  # an A/B plan keeps its slots; they just lose their recording
                db.execute("UPDATE ab_slots SET session_id = NULL WHERE session_id = ?", [session_id])
            db.execute("DELETE FROM sessions WHERE id = ?", [session_id])


def session_totals(db: Database) -> dict[str, SessionTotals]:
    """Views (max of the cumulative watch count) and alert count of every session, by session id."""
    with storage_errors(db):
        views = {sid: v for sid, v in db.execute(
            "SELECT session_id, max(total_live_watch_cnt) FROM room_samples GROUP BY session_id")}
        alerts = {sid: int(n) for sid, n in db.execute(
            "SELECT session_id, count(*) FROM alerts WHERE session_id IS NOT NULL GROUP BY session_id")}
        ids = [sid for (sid,) in db.execute("SELECT id FROM sessions")]
    return {sid: SessionTotals(views.get(sid), alerts.get(sid, 0)) for sid in ids}
