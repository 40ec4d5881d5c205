"""Settling one session's 7-day ROI (no Qt: `dyconsole settle` runs it headless, the console in the background).

The orders created from just before the room started up to the cut-off (7 days after the session's end) are
fetched in one-day windows of creation time, page by page, through the Doudian client (its rate limiter keeps
within the QPS). Each page is stored with the cursor after it (storage.settlements), so an interrupted settle
continues from the next page and a page fetched twice changes nothing. When the last window is in, core.roi
computes the settled figure from the fetched orders (the session's orders in their final state and the same
buyers' repurchases) and the session is marked settled.
"""

from __future__ import annotations

import math
from typing import Protocol

from sqlite_utils import Database

from dyconsole.core.model import OrderRecord
from dyconsole.core.roi import Roi7d, roi_7d
from dyconsole.storage import settlements as S

#: one fetch window of creation time
WINDOW_S = 86_400.0


class OrderPages(Protocol):
    """What settling needs of a Doudian client (sources.doudian.DoudianClient has it)."""

    async def created_orders_page(self, create_start: float, create_end: float, page: int,
                                  ) -> tuple[list[OrderRecord], bool]: ...


class NotDue(Exception):
    """The session's cut-off has not passed: refunds and repurchases may still come."""


def settled_figure(db: Database, session_id: str, now: float) -> Roi7d:
    """The 7-day ROI from the orders fetched so far (the settled one once every window is in)."""
    row = S.get(db, session_id)
    if row is None:
        raise NotDue(f"session {session_id} has no settlement yet")
    return roi_7d(S.fetched_orders(db, session_id), row["ad_spend_fen"] / 100.0, row["window_start"],
                  row["window_end"], now=now, room_id=row["room_id"])


async def settle_session(db: Database, pages: OrderPages, session_id: str, now: float) -> Roi7d:
    """Fetch what is missing of the session's orders and settle it; returns the settled figure (at once when it
    was settled before). Raises NotDue before the cut-off, SessionNotFound, and the source's errors (the progress
    so far is kept: the next call continues)."""
    row = S.begin(db, session_id, now)
    if row["status"] == S.DONE:
        return settled_figure(db, session_id, now)
    cutoff = float(row["cutoff"])
    if now < cutoff:
        raise NotDue(f"session {session_id} settles after its cut-off, 7 days after the broadcast")
    cursor, page = float(math.floor(row["cursor_ts"])), int(row["cursor_page"] or 0)
    try:
        while cursor <= cutoff:
            window_end = min(cursor + WINDOW_S, math.floor(cutoff) + 1.0)
            found, last = await pages.created_orders_page(cursor, window_end, page)
            if last:
                cursor, page = window_end, 0
            else:
                page += 1
            S.store_page(db, session_id, found, cursor, page, seen_at=now)
    except Exception as err:
        S.note_error(db, session_id, f"{type(err).__name__}: {err}")
        raise
    roi = settled_figure(db, session_id, now)
    S.finish(db, session_id, roi, now)
    return roi
