"""Opening the session database: the file, its pragmas (WAL, synchronous=NORMAL, busy timeout), the schema
migrations, and the translation of every failure into a StorageError an operator can read.

`open_db()` also marks sessions whose recorder died (crash, kill, power loss) as 'interrupted'.
A read-only open (`readonly=True`, SQLite mode=ro) never writes, never migrates, and refuses an outdated schema.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote

from sqlite_utils import Database

from dyconsole.paths import default_db_path
from dyconsole.storage.errors import DatabaseMissing, DatabaseReadOnly, DatabaseTooNew, StorageError, translate
from dyconsole.storage.migrations import SCHEMA_VERSION, migrate, schema_version
from dyconsole.storage.sessions import mark_interrupted

#: how long a statement waits for another connection's lock before failing (milliseconds). The recorder runs on
#: the UI thread, so it passes a short one and retries on the next poll instead of freezing the window.
DEFAULT_BUSY_TIMEOUT_MS = 5000
RECORDER_BUSY_TIMEOUT_MS = 250
#: opening waits at least this long for another program's lock (two recorders starting on a new database: one
#: creates the schema while the other waits), then uses the busy timeout asked for
OPEN_BUSY_TIMEOUT_MS = 10_000


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    if readonly:
        return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    return sqlite3.connect(str(path))


def db_path(db: Database) -> Path | None:
    """The file behind an open database (None for an in-memory one)."""
    for _seq, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file) if file else None
    return None


def open_db(
    path: Path | str | None = None,
    *,
    readonly: bool = False,
    create: bool = True,
    busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    wall: Callable[[], float] = time.time,
) -> Database:
    """Open (and, unless `readonly`, create and migrate) the session database at `path` (default: user data dir).

    Raises DatabaseMissing (no file and `create` is False or `readonly`), DatabaseCorrupt, DatabaseLocked,
    DatabaseReadOnly, DatabaseFull, DatabaseTooNew or StorageError. Never modifies a file it cannot understand.
    """
    target = Path(path) if path is not None else default_db_path()
    if not target.exists() and (readonly or not create):
        raise DatabaseMissing(f"no session database at {target}", target)
    if not readonly and target.exists() and not os.access(target, os.W_OK):
        raise DatabaseReadOnly(f"the session database cannot be written: {target} (the file is read-only); "
                               "check the file's permissions", target)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(target, readonly)
        db = Database(conn)
        db.execute(f"PRAGMA busy_timeout = {max(int(busy_timeout_ms), OPEN_BUSY_TIMEOUT_MS)}")
        version = schema_version(db)  # reads the header: garbage fails here, before any write
        if version > SCHEMA_VERSION:
            raise DatabaseTooNew(
                f"the session database {target} was written by a newer dyconsole (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); update dyconsole to open it", target)
        if readonly:
            if version < SCHEMA_VERSION:
                raise StorageError(
                    f"the session database {target} has an older schema ({version}); open it once with write "
                    "access so it can be upgraded", target)
            db.execute("PRAGMA query_only = 1")
            db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            return db
        if db.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise StorageError(f"the session database {target} cannot use write-ahead logging", target)
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
        mark_interrupted(db, wall())
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        return db
    except (sqlite3.Error, OSError, StorageError) as exc:
        if conn is not None:
            conn.close()
        raise translate(exc, target) from exc


@contextlib.contextmanager
def storage_errors(db: Database) -> Iterator[None]:
    """Translate sqlite3 errors raised inside the block into StorageError (for queries and exports)."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, db_path(db)) from exc


def open_for_reading(path: Path | str | None = None, *, wall: Callable[[], float] = time.time) -> Database:
    """Open an existing database to read it (CLI, review): normally, so it is migrated and interrupted sessions
    are marked, or read-only if the file cannot be written. Raises DatabaseMissing and the other StorageErrors."""
    try:
        return open_db(path, create=False, wall=wall)
    except DatabaseReadOnly:
        return open_db(path, readonly=True, wall=wall)
