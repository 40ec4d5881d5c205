"""The sessions of a date range with their base figures (core.history), for the history view and the range report,
and the rooms and channels there are to choose from.

One query lists the range's sessions with their cached figures (`sessions.figures`, JSON) and the time of their
last room sample (an index lookup per session, no sample read). A session whose figures are missing (recorded
before the history existed) or stale (it gained samples since: live, resumed) is summed up from its samples once
and, unless it is still being recorded, the figures are cached for next time (skipped quietly on a read-only file).
"""

from __future__ import annotations

import json
import time
from typing import Any, Mapping, Sequence

from sqlite_utils import Database

from dyconsole.core.history.metrics import session_figures
from dyconsole.core.history.summary import SessionFigures
from dyconsole.storage.db import storage_errors
from dyconsole.storage.loaders import load_room_samples
from dyconsole.storage.schema import LIVE
from dyconsole.storage.sessions import effective_status, get_session, write_cache

_RANGE_SQL = """
SELECT s.id, s.room_id, s.channel, s.title, s.started_at, s.ended_at, s.status, s.heartbeat_at, s.recorder_pid,
       s.recorder_host, s.figures, s.figures_upto,
       (SELECT max(r.ts) FROM room_samples r WHERE r.session_id = s.id) AS last_ts
FROM sessions s
WHERE s.started_at >= ? AND s.started_at < ? {rooms} {channels}
ORDER BY s.started_at, s.id
"""


def _in(column: str, values: Sequence[str], params: list[Any]) -> str:
    if not values:
        return ""
    params.extend(values)
    return f"AND {column} IN ({', '.join('?' for _ in values)})"


def _figures(db: Database, row: Mapping[str, Any], status: str) -> dict[str, float | None]:
    if row["figures"] is not None and row["figures_upto"] == row["last_ts"]:
        return dict(json.loads(row["figures"]))
    sid = row["id"]
    alerts = db.execute("SELECT count(*) FROM alerts WHERE session_id = ?", [sid]).fetchone()[0] \
        if db["alerts"].exists() else 0
    figures = session_figures(load_room_samples(db, sid), row["started_at"], row["ended_at"],
                              get_session(db, sid).peak_online, int(alerts))
    if status != LIVE:  # a live session keeps growing: not worth a write per look
        write_cache(db, "UPDATE sessions SET figures = ?, figures_upto = ? WHERE id = ?",
                    [json.dumps(figures), row["last_ts"], sid])
    return figures


def load_range(db: Database, start: float, end: float, rooms: Sequence[str] = (), channels: Sequence[str] = (),
               now: float | None = None) -> list[SessionFigures]:
    """The sessions that started in [start, end) (epoch seconds), of the given rooms and channels (empty: all),
    oldest first, each with its base figures. Raises StorageError."""
    wall = time.time() if now is None else now
    params: list[Any] = [start, end]
    sql = _RANGE_SQL.format(rooms=_in("s.room_id", rooms, params), channels=_in("s.channel", channels, params))
    with storage_errors(db):
        out = []
        for row in list(db.query(sql, params)):
            status = effective_status(row, wall)
            out.append(SessionFigures(row["id"], row["room_id"], row["channel"], row["title"] or "",
                                      row["started_at"], row["ended_at"], status, _figures(db, row, status)))
        return out


def rooms_and_channels(db: Database) -> tuple[list[str], list[str]]:
    """Every room id and every channel with a recorded session, sorted."""
    with storage_errors(db):
        rooms = [r for (r,) in db.execute("SELECT DISTINCT room_id FROM sessions ORDER BY room_id")]
        channels = [c for (c,) in db.execute("SELECT DISTINCT channel FROM sessions ORDER BY channel")]
    return rooms, channels
