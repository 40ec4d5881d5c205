"""The write journal: recorder writes the database could not take, kept in a file beside it until they are written.

A recorder that stops (window closed, `record` stopped) while the database still refuses its writes (locked, full,
read-only) saves its backlog here, `<database>.journal`, instead of dropping it; the next recorder on that
database replays it, in order, before its own writes. The file is JSON lines of `StoredWrite`s, written whole or
not at all (a temp file beside it, fsync, rename). Only writes described as data (`StoredWrite`, not an arbitrary
function) can be kept.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

JOURNAL_SUFFIX = ".journal"


@dataclass(frozen=True, slots=True)
class StoredWrite:
    """One write as data: SQL statements ('sql', statement, params), row inserts ('insert', table, rows) and
    upserts ('upsert', table, rows, pk), applied in order inside the caller's transaction."""

    ops: tuple[tuple[Any, ...], ...]

    def __call__(self, db: Database) -> None:
        for op in self.ops:
            kind = op[0]
            if kind == "sql":
                db.execute(op[1], list(op[2]))
            elif kind == "insert":
                insert_rows(db, op[1], op[2])
            elif kind == "upsert":
                db[op[1]].upsert_all(op[2], pk=op[3])
            else:
                raise ValueError(f"unknown journal operation {kind!r}")

    def as_json(self) -> list[Any]:
        return [list(op) for op in self.ops]


def insert_rows(db: Database, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (a key a row lacks is NULL; values JSON-encoded where sqlite-utils' insert_all would) into
    `table` with one prepared statement: what insert_all does with them, without its schema work on every call (a
    room sample ~0.25 ms instead of ~0.8). A table not there yet is left to insert_all (it creates it)."""
    if not rows:
        return
    columns = tuple(dict.fromkeys(key for row in rows for key in row))
    values = [[jsonify_if_needed(row.get(column)) for column in columns] for row in rows]
    statement = _insert_statement(table, columns)
    try:
        if db.conn.in_transaction:
            db.conn.executemany(statement, values)
        else:
            with db.atomic():
                db.conn.executemany(statement, values)
    except sqlite3.OperationalError as exc:
        if "no such table" not in str(exc):
            raise
        db[table].insert_all(rows)


@lru_cache(maxsize=64)
def _insert_statement(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"[{column}]" for column in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"


def sql(statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
    return ("sql", statement, list(params))


def insert(table: str, rows: Iterable[dict[str, Any]]) -> tuple[Any, ...]:
    return ("insert", table, list(rows))


def upsert(table: str, rows: Iterable[dict[str, Any]], pk: str) -> tuple[Any, ...]:
    return ("upsert", table, list(rows), pk)


def journal_path(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + JOURNAL_SUFFIX)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    label: str
    session_id: str | None
    write: StoredWrite
    essential: bool


def save_journal(path: Path, entries: Sequence[JournalEntry]) -> None:
    """Write `entries` to `path` whole or not at all (raises OSError; then `path` is as it was)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            for e in entries:
                handle.write(json.dumps({"label": e.label, "session_id": e.session_id, "essential": e.essential,
                                         "ops": e.write.as_json()}, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def load_journal(path: Path) -> list[JournalEntry]:
    """The entries kept in `path` ([] when there is none). Raises ValueError when it cannot be read back."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    entries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            ops = tuple(tuple(op) for op in item["ops"])
            entries.append(JournalEntry(str(item["label"]), item.get("session_id"), StoredWrite(ops),
                                        bool(item.get("essential"))))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"the write journal {path} cannot be read (line {number}: {exc})") from None
    return entries
