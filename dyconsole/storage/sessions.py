"""The recorded sessions: listing them with their headline figures, and telling a live recording from one whose
recorder died (crash, kill, power loss), which is shown as 'interrupted'.

A recorder proves it is alive with a heartbeat in REAL wall-clock time (`sessions.heartbeat_at`) and its pid and
host. A 'live' session is interrupted when its heartbeat is older than STALE_AFTER_S, or its recorder ran on this
machine and that process is gone. The loaders of every sample table live in `storage.loaders`.

Peak online: the source's real count when it has one (online_user_cnt), else the peak of the console's estimate
(core.estimate, the same one the live view and the review show), flagged `peak_online_is_estimate`. Estimating
reads the session's watch counters (~0.2 s for 8 h of 5-s polls), so the peak of a session no recorder is writing
any more is cached in `sessions.peak_online_est` with the time of the last sample it covers.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
import time
from typing import Any, Mapping

from sqlite_utils import Database

from dyconsole.core.derived import ENTRIES, ONE_MIN
from dyconsole.core.estimate import estimate_series
from dyconsole.core.session_records import SessionSummary
from dyconsole.storage.errors import SessionNotFound
from dyconsole.storage.loaders import (  # noqa: F401  (re-exported: the review UI's entry points)
    RoomGapSample,
    is_gap,
    load_audience_samples,
    load_events,
    load_flow_samples,
    load_gaps,
    load_orders,
    load_product_samples,
    load_room_samples,
)
from dyconsole.storage.schema import INTERRUPTED, LIVE

#: a live session whose heartbeat is older than this (real seconds) has lost its recorder
STALE_AFTER_S = 60.0
HOST = socket.gethostname()


def _pid_exists(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate the process there: trust the heartbeat
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recorder_alive(heartbeat_at: float | None, pid: int | None, host: str | None, now: float) -> bool:
    """Whether the recorder that last wrote a live session is still there (`now`: real wall-clock seconds)."""
    if heartbeat_at is None or now - heartbeat_at > STALE_AFTER_S:
        return False
    if host == HOST and pid and not _pid_exists(int(pid)):
        return False
    return True


def effective_status(row: Mapping[str, Any], now: float) -> str:
    """The stored status, with a 'live' session whose recorder is gone shown as 'interrupted'."""
    status = str(row["status"])
    if status == LIVE and not recorder_alive(row.get("heartbeat_at"), row.get("recorder_pid"),
                                             row.get("recorder_host"), now):
        return INTERRUPTED
    return status


def mark_interrupted(db: Database, now: float) -> list[str]:
    """Store 'interrupted' on live sessions whose recorder is gone; returns their ids.

    Skipped quietly if another program holds the write lock: readers derive the same status anyway.
    """
    rows = list(db.query("SELECT id, status, heartbeat_at, recorder_pid, recorder_host FROM sessions "
                         "WHERE status = ?", [LIVE]))
    dead = [row["id"] for row in rows if effective_status(row, now) == INTERRUPTED]
    if dead:
        try:
            with db.atomic():
                for session_id in dead:
                    db.execute("UPDATE sessions SET status = ? WHERE id = ? AND status = ?",
                               [INTERRUPTED, session_id, LIVE])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower():
                raise
            return []
    return dead


_SUMMARY_SQL = """
SELECT s.id, s.room_id, s.title, s.started_at, s.ended_at, s.status, s.end_reason, s.notes, s.source,
       s.heartbeat_at, s.recorder_pid, s.recorder_host, s.peak_online_est, s.peak_online_est_upto,
       coalesce(a.samples, 0) AS samples, coalesce(a.room_gaps, 0) AS room_gaps,
       a.peak_online, a.gmv, a.orders, a.last_ts
FROM sessions s
LEFT JOIN (
    SELECT session_id, sum(is_gap = 0) AS samples, sum(is_gap != 0) AS room_gaps,
           max(online_user_cnt) AS peak_online, max(live_pay_order_gmv_alias) AS gmv,
           max(live_pay_order_count_alias) AS orders, max(CASE WHEN is_gap = 0 THEN ts END) AS last_ts
    FROM room_samples {where} GROUP BY session_id
) a ON a.session_id = s.id
{outer_where}
ORDER BY s.started_at DESC, s.id DESC
"""


def estimated_peak_online(db: Database, session_id: str) -> float | None:
    """The peak of the online estimate over the session's room samples (None while it has too few)."""
    rows = db.execute(
        f"SELECT ts, {ENTRIES}, {ONE_MIN} FROM room_samples WHERE session_id = ? AND is_gap = 0 "
        f"AND {ENTRIES} IS NOT NULL AND {ONE_MIN} IS NOT NULL ORDER BY ts", [session_id]).fetchall()
    if not rows:
        return None
    ts, watch, one_min = (list(col) for col in zip(*rows))
    peaks = [e.online for e in estimate_series(ts, watch, one_min) if e is not None]
    return max(peaks) if peaks else None


def write_cache(db: Database, sql: str, params: list[Any]) -> None:
    """Keep a cached figure (one UPDATE); skipped quietly on a read-only or locked file (it is worked out again
    next time)."""
    try:
        with db.atomic():
            db.execute(sql, params)
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        if "locked" not in text and "readonly" not in text and "read-only" not in text:
            raise


def _cache_peak(db: Database, session_id: str, peak: float | None, upto: float) -> None:
    write_cache(db, "UPDATE sessions SET peak_online_est = ?, peak_online_est_upto = ? WHERE id = ?",
                [peak, upto, session_id])


def _summary(db: Database, row: Mapping[str, Any], now: float) -> SessionSummary:
    status = effective_status(row, now)
    peak, estimated = row["peak_online"], False
    if peak is None and row["last_ts"] is not None:
        estimated = True
        if row["peak_online_est_upto"] == row["last_ts"]:
            peak = row["peak_online_est"]
        else:
            peak = estimated_peak_online(db, row["id"])
            if status != LIVE:  # a live session keeps growing: not worth a write per listing
                _cache_peak(db, row["id"], peak, row["last_ts"])
    return SessionSummary(
        id=row["id"], room_id=row["room_id"], title=row["title"] or "", started_at=row["started_at"],
        ended_at=row["ended_at"], status=status, samples=int(row["samples"]),
        room_gaps=int(row["room_gaps"]), peak_online=peak, gmv=row["gmv"], orders=row["orders"],
        end_reason=row["end_reason"] or "", notes=row["notes"] or "", source=row["source"] or "",
        peak_online_is_estimate=estimated and peak is not None, last_sample_at=row["last_ts"],
    )


def list_sessions(db: Database, now: float | None = None) -> list[SessionSummary]:
    """Every session, newest first. `now` (real wall-clock seconds) decides which live ones are interrupted."""
    wall = time.time() if now is None else now
    sql = _SUMMARY_SQL.format(where="", outer_where="")
    return [_summary(db, row, wall) for row in list(db.query(sql))]


def get_session(db: Database, session_id: str, now: float | None = None) -> SessionSummary:
    """One session's summary; raises SessionNotFound."""
    wall = time.time() if now is None else now
    sql = _SUMMARY_SQL.format(where="WHERE session_id = :id", outer_where="WHERE s.id = :id")
    rows = list(db.query(sql, {"id": session_id}))
    if not rows:
        raise SessionNotFound(f"no session {session_id!r} in the session database")
    return _summary(db, rows[0], wall)
