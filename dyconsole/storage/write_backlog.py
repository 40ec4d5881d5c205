"""The recorder's write backlog: each poll's write waits here, in order, until the database takes it.

A write runs in ONE short transaction together with the session heartbeat (`touch`). The first failure (locked,
full, read-only disk...) stops the flush and is kept as `error` (an operator-readable StorageError); the writes
stay queued, in order, and are retried at the next flush. When `limit` writes wait, further ones are dropped and
counted in `dropped`; essential writes (session start, resume, end) never are. `pending()` shows the owner what is
still waiting (to keep it in the write journal, storage.write_journal, when it stops).

`flush(..., together=True)` writes everything waiting in ONE transaction instead (each session's heartbeat once, at
its end): many small writes at once (the demo room's history, polled in a few real seconds) cost one commit. It is
all or nothing: a failure rolls back the whole batch, which stays queued, in order, for the next flush.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from sqlite_utils import Database

from dyconsole.storage.db import db_path
from dyconsole.storage.errors import StorageError, translate

log = logging.getLogger(__name__)

Write = Callable[[Database], None]


@dataclass(frozen=True, slots=True)
class PendingWrite:
    label: str
    session_id: str | None
    write: Write
    essential: bool = False


class WriteBacklog:
    """Writes waiting for the database, oldest first (see the module doc)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.dropped = 0
        self.written = 0  # writes the database took since this backlog was made
        self.error: StorageError | None = None  # the last failed write, until the backlog is written
        self._queue: deque[PendingWrite] = deque()

    def __len__(self) -> int:
        return len(self._queue)

    def submit(self, pending: PendingWrite) -> None:
        if not pending.essential and len(self._queue) >= self.limit:
            self.dropped += 1
            return
        self._queue.append(pending)

    def has_essential(self) -> bool:
        """Whether an essential write (a session's start, resume or end) is waiting."""
        return any(p.essential for p in self._queue)

    def flush(self, db: Database, touch: Callable[[Database, str | None], None], together: bool = False) -> None:
        """Write the backlog in order, one transaction per write (with `touch(db, session_id)`); stop at the first
        failure (retried at the next flush). `together`: all of it in one transaction (see the module doc)."""
        while self._queue:
            batch = list(self._queue) if together else [self._queue[0]]
            try:
                with db.atomic():
                    for pending in batch:
                        pending.write(db)
                    for session_id in dict.fromkeys(p.session_id for p in batch):  # each session's heartbeat, once
                        touch(db, session_id)
            except (sqlite3.Error, OSError) as exc:
                self._set_error(translate(exc, database_file(db)))
                return
            for _ in batch:
                self._queue.popleft()
            self.written += len(batch)
        if self.error is not None:
            log.warning("session database writable again; backlog written")
            self.error = None

    def pending(self) -> list[PendingWrite]:
        """What is waiting, oldest first (the backlog keeps it)."""
        return list(self._queue)

    def _set_error(self, error: StorageError) -> None:
        if self.error is None or type(self.error) is not type(error):
            log.warning("recording: %s", error)
        self.error = error


def database_file(db: Database) -> Path | None:
    """The file behind `db` for an error message (None when in memory or when even that cannot be read)."""
    try:
        return db_path(db)
    except (sqlite3.Error, OSError):
        return None
