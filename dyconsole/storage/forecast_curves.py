"""The room's past sessions as the live forecast reads them (core.forecast.live.Curve): each ended session's
cumulative GMV and paid orders per elapsed minute, the most recent first, read in one query per session of only
the two columns."""

from __future__ import annotations

from sqlite_utils import Database

from dyconsole.core.derived import GMV, PAID_ORDERS
from dyconsole.core.forecast.live import Curve, curve_from_samples
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.storage.db import storage_errors

#: the past sessions a live forecast pools (the most recent)
RECENT_SESSIONS = 30

_SESSIONS_SQL = ("SELECT id, started_at FROM sessions WHERE room_id = ? AND started_at < ? AND id != ? "
                 "AND ended_at IS NOT NULL ORDER BY started_at DESC LIMIT ?")
_SAMPLES_SQL = (f'SELECT ts, "{GMV}", "{PAID_ORDERS}" FROM room_samples '
                "WHERE session_id = ? AND is_gap = 0 ORDER BY ts, id")


def room_curves(db: Database, room_id: str, before: float, skip: str = "",
                limit: int = RECENT_SESSIONS) -> list[Curve]:
    """The curves of the room's ended sessions that started before `before` (never the session `skip`, the one
    being recorded), the most recent `limit`. Raises StorageError."""
    out: list[Curve] = []
    with storage_errors(db):
        for sid, started in list(db.execute(_SESSIONS_SQL, [room_id, before, skip, limit])):
            samples = [RoomSample(ts, room_id, RoomStatus.LIVING, {GMV: gmv, PAID_ORDERS: orders})
                       for ts, gmv, orders in db.execute(_SAMPLES_SQL, [sid])]
            curve = curve_from_samples(samples, started)
            if curve is not None:
                out.append(curve)
    return out
