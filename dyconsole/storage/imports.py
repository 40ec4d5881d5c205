"""Writing imported sessions (core.imports.rows) into the session database, all or nothing: one transaction for
the whole file, so a failure half-way (a duplicate found at write time, a full disk) leaves the database as it was.

An imported session is an ended session of its channel (`sessions.channel`), `source` 'import', with its room
samples (the history sums it up from them like a recorded one). Its room is added to `rooms` when new.
"""

from __future__ import annotations

import time
from typing import Sequence

from sqlite_utils import Database

from dyconsole.core.imports.messages import ImportMessage
from dyconsole.core.imports.rows import ImportedSession
from dyconsole.storage.db import storage_errors
from dyconsole.storage.errors import StorageError
from dyconsole.storage.schema import ENDED, ROOM_SAMPLES

IMPORT_SOURCE = "import"


class DuplicateSession(ImportMessage, StorageError):
    """A session of the file is in the database already (nothing was written); `text(lang)` in zh or en."""

    def __init__(self, ids: Sequence[str]) -> None:
        super().__init__("dup_write", ids=", ".join(ids))  # StorageError's message: the English


def known_session_ids(db: Database, ids: Sequence[str]) -> frozenset[str]:
    """Which of `ids` the database has."""
    with storage_errors(db):
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = list(ids[i:i + 500])
            found.update(r for (r,) in db.execute(
                f"SELECT id FROM sessions WHERE id IN ({', '.join('?' for _ in chunk)})", chunk))
        return frozenset(found)


def write_imported(db: Database, sessions: Sequence[ImportedSession],
                   now: float | None = None) -> int:
    """Store every session with its samples in one transaction; returns how many. Raises DuplicateSession (one
    is there already) or StorageError; either way nothing is written."""
    wall = time.time() if now is None else now
    with storage_errors(db):
        with db.atomic():
            twice = known_session_ids(db, [s.id for s in sessions])
            if twice:
                raise DuplicateSession(sorted(twice))
            for s in sessions:
                db.execute("INSERT OR IGNORE INTO rooms (room_id, title, first_seen, last_seen) VALUES (?, ?, ?, ?)",
                           [s.room_id, s.room_id, s.started_at, s.ended_at])
                db.execute("INSERT INTO sessions (id, room_id, title, source, started_at, ended_at, status, notes, "
                           "channel, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [s.id, s.room_id, s.title, IMPORT_SOURCE, s.started_at, s.ended_at, ENDED,
                            "", s.channel, wall])
                for ts, values in s.samples:
                    names = [k for k, v in values.items() if v is not None]
                    db.execute(f"INSERT INTO {ROOM_SAMPLES} (session_id, ts, status, is_gap"
                               f"{''.join(', ' + n for n in names)}) VALUES (?, ?, 'FINISH', 0"
                               f"{', ?' * len(names)})", [s.id, ts, *(values[n] for n in names)])
    return len(sessions)
