"""Storage failures in the operator's words, and the translation of sqlite3/OS errors into them.

Every function of the storage layer raises a `StorageError` subclass (never a bare sqlite3 error), so the UI and
the CLI can show `str(error)` as is: it says what happened, to which file, and what to do.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

# primary SQLite result codes (extended codes carry them in the low byte)
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26


class StorageError(Exception):
    """A storage problem with a message an operator can act on. `path` is the database file, when known."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None

    def __str__(self) -> str:
        return self.message


class DatabaseMissing(StorageError):
    """The database file does not exist (and the caller did not ask to create it)."""


class DatabaseCorrupt(StorageError):
    """The file is not a SQLite database, or its content is damaged."""


class DatabaseLocked(StorageError):
    """Another program (or another dyconsole) holds a lock for longer than the busy timeout."""


class DatabaseReadOnly(StorageError):
    """The file, its folder or the connection does not allow writing."""


class DatabaseFull(StorageError):
    """The disk (or the database's size limit) is full."""


class DatabaseTooNew(StorageError):
    """The file was written by a newer dyconsole whose schema this version does not know."""


class SessionNotFound(StorageError):
    """No session with that id in this database."""


class SessionBusy(StorageError):
    """The session is being recorded right now by another running recorder."""


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def translate(exc: BaseException, path: Path | str | None) -> StorageError:
    """Map a sqlite3 or OS error to the StorageError an operator understands (already translated: returned as is)."""
    if isinstance(exc, StorageError):
        return exc
    where = str(path) if path is not None else "the session database"
    detail = str(exc)
    code = _code(exc) if isinstance(exc, sqlite3.Error) else None
    text = detail.lower()
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return DatabaseLocked(
            f"the session database is locked by another program: {where} ({detail}); "
            "close the other program or wait", path)
    if code == _SQLITE_READONLY or "readonly" in text or "read-only" in text or (
            isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS)):
        return DatabaseReadOnly(
            f"the session database cannot be written: {where} ({detail}); "
            "check the file's permissions and that the disk is not read-only", path)
    if code == _SQLITE_FULL or "full" in text or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC):
        return DatabaseFull(
            f"the disk holding the session database is full: {where} ({detail}); "
            "free some space", path)
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "not a database" in text or "malformed" in text:
        return DatabaseCorrupt(
            f"the session database is damaged or is not a dyconsole database: {where} ({detail}); "
            "the file was left untouched, move it aside to start a new one", path)
    if code == _SQLITE_CANTOPEN or isinstance(exc, OSError):
        folder = Path(path).parent if path is not None else None
        if folder is not None and not folder.is_dir():
            return StorageError(f"the session database cannot be opened: {where}: the folder {folder} does not "
                                "exist; create it or give another --db", path)
        if path is not None and Path(path).is_dir():
            return StorageError(f"the session database cannot be opened: {where} is a folder, not a file", path)
        return StorageError(f"the session database cannot be opened: {where} ({detail})", path)
    if code == _SQLITE_IOERR:
        return StorageError(f"the disk reported an error on the session database: {where} ({detail})", path)
    return StorageError(f"session database error on {where}: {detail}", path)
