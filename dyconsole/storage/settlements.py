"""Settling sessions' 7-day ROI, on disk: which window of Doudian orders a session needs (its broadcast, then 7
days to the cut-off), how far the fetch got (resumable: a window's pages are stored with the cursor in one
transaction, so an interrupted settle continues where it stopped and storing a page twice changes nothing), the
fetched orders (masked buyers only), the settled figures, and the room's history of net factors the live
projection reads (core.roi_projection).
"""

from __future__ import annotations

from typing import Any, Sequence

from sqlite_utils import Database

from dyconsole.core.model import OrderRecord
from dyconsole.core.roi import SETTLE_WINDOW_S, Roi7d
from dyconsole.core.roi_projection import SessionRoi7, net_factor, project_roi7, settled_roi7
from dyconsole.storage.loaders import order_record, require_session

#: orders created this long before the room started are fetched too (an order paid in the room is created in it)
FETCH_LEAD_S = 3600.0
PENDING, DONE = "pending", "done"


def session_window(db: Database, session_id: str) -> dict[str, Any]:
    """The session's room, broadcast window (the room's own start when known; the end, else its last sample) and
    ad spend (its last cumulative stat_cost, in fen). Raises SessionNotFound."""
    row = require_session(db, session_id)
    start = row["room_started_at"] or row["started_at"]
    last_ts, cost = db.execute(
        "SELECT max(ts), (SELECT stat_cost FROM room_samples WHERE session_id = :s AND stat_cost IS NOT NULL "
        "ORDER BY ts DESC LIMIT 1) FROM room_samples WHERE session_id = :s", {"s": session_id}).fetchone()
    end = row["ended_at"] or last_ts or row["started_at"]
    start = min(float(start), float(row["started_at"])) if row["started_at"] is not None else float(start)
    return {"room_id": row["room_id"], "start": start, "end": float(end), "cutoff": float(end) + SETTLE_WINDOW_S,
            "ad_spend_fen": int(round(float(cost or 0.0) * 100))}


def get(db: Database, session_id: str) -> dict[str, Any] | None:
    """The session's settlement row (None: never begun, or a read-only database older than settling)."""
    if not db["settlements"].exists():
        return None
    rows = list(db.query("SELECT * FROM settlements WHERE session_id = ?", [session_id]))
    return rows[0] if rows else None


def begin(db: Database, session_id: str, now: float) -> dict[str, Any]:
    """The session's settlement row, created (pending, nothing fetched) when there is none."""
    found = get(db, session_id)
    if found is not None:
        return found
    w = session_window(db, session_id)
    with db.atomic():
        db["settlements"].insert({
            "session_id": session_id, "room_id": w["room_id"], "window_start": w["start"], "window_end": w["end"],
            "cutoff": w["cutoff"], "cursor_ts": w["start"] - FETCH_LEAD_S, "cursor_page": 0, "status": PENDING,
            "started_at": now, "ad_spend_fen": w["ad_spend_fen"], "error": ""})
    return get(db, session_id) or {}


def store_page(db: Database, session_id: str, orders: Sequence[OrderRecord], cursor_ts: float,
               cursor_page: int, seen_at: float | None = None) -> None:
    """A fetched page's orders (read at `seen_at`) and the cursor after it, in one transaction (idempotent: orders
    are upserted). Of an order's address only its province and city are kept."""
    rows = [{"session_id": session_id, "order_id": o.order_id, "room_id": o.room_id, "product_id": o.product_id,
             "item_num": o.item_num, "pay_amount_fen": o.pay_amount_fen, "order_amount_fen": o.order_amount_fen,
             "create_time": o.create_time, "update_time": o.update_time, "pay_time": o.pay_time,
             "state": o.state.value, "buyer_mask": o.buyer_mask, "province": o.province, "city": o.city,
             "ship_time": o.ship_time, "receipt_time": o.receipt_time, "exp_ship_time": o.exp_ship_time,
             "seen_at": seen_at} for o in orders]
    with db.atomic():
        if rows:
            db["settle_orders"].upsert_all(rows, pk=("session_id", "order_id"))
        db.execute("UPDATE settlements SET cursor_ts = ?, cursor_page = ?, error = '' WHERE session_id = ?",
                   [cursor_ts, cursor_page, session_id])


def fetched_orders(db: Database, session_id: str) -> list[OrderRecord]:
    return [order_record(row) for row in db.query(
        "SELECT * FROM settle_orders WHERE session_id = ? ORDER BY create_time, order_id", [session_id])]


def finish(db: Database, session_id: str, roi: Roi7d, now: float) -> None:
    with db.atomic():
        db.execute(
            "UPDATE settlements SET status = ?, settled_at = ?, paid_fen = ?, refunded_fen = ?, repurchase_fen = ?, "
            "sales_fen = ?, orders = ?, refunds = ?, repurchases = ?, roi = ?, error = '' WHERE session_id = ?",
            [DONE, now, int(round(roi.paid_yuan * 100)), int(round(roi.refunded_yuan * 100)),
             int(round(roi.repurchase_yuan * 100)), roi.sales_fen, roi.orders, roi.refunds, roi.repurchases,
             roi.roi, session_id])


def note_error(db: Database, session_id: str, error: str) -> None:
    """Why the last attempt stopped (the progress stays: the next attempt continues)."""
    with db.atomic():
        db.execute("UPDATE settlements SET error = ? WHERE session_id = ?", [error[:300], session_id])


def due_sessions(db: Database, now: float, also: frozenset[str] = frozenset()) -> list[str]:
    """Ended or interrupted sessions not settled yet whose cut-off has passed at `now`, oldest first; the sessions
    in `also` (the demo room's, whose clock can reach their cut-off) whatever the time."""
    out = []
    for row in db.query(
            "SELECT s.id, s.status, coalesce(s.ended_at, (SELECT max(ts) FROM room_samples r "
            "WHERE r.session_id = s.id), s.started_at) AS end_ts, t.status AS settled FROM sessions s "
            "LEFT JOIN settlements t ON t.session_id = s.id ORDER BY s.started_at"):
        if row["settled"] == DONE or row["status"] == "live" or row["end_ts"] is None:
            continue
        if row["end_ts"] + SETTLE_WINDOW_S <= now or row["id"] in also:
            out.append(row["id"])
    return out


def settled_rows(db: Database) -> dict[str, dict[str, Any]]:
    """Every settled session's figures, by session id."""
    return {row["session_id"]: row for row in db.query("SELECT * FROM settlements WHERE status = ?", [DONE])}


def room_factors(db: Database, room_id: str, before: float | None = None) -> list[float]:
    """The net factor (7-day sales / paid in the session) of every settled session of the room (ended before
    `before`, when given): the history the live projection pools."""
    if not db["settlements"].exists():
        return []
    sql = "SELECT sales_fen, paid_fen, window_end FROM settlements WHERE status = ? AND room_id = ? AND paid_fen > 0"
    return [row["sales_fen"] / row["paid_fen"] for row in db.query(sql, [DONE, room_id])
            if before is None or row["window_end"] < before]


def _last_value(db: Database, session_id: str, column: str) -> float | None:
    row = db.execute(f"SELECT {column} FROM room_samples WHERE session_id = ? AND {column} IS NOT NULL "  # noqa: S608
                     "ORDER BY ts DESC LIMIT 1", [session_id]).fetchone()
    return float(row[0]) if row else None


def settled_roi(row: dict[str, Any]) -> Roi7d:
    """A settled row's figures as core.roi's Roi7d (final)."""
    return Roi7d(row["paid_fen"] / 100.0, row["refunded_fen"] / 100.0, row["sales_fen"] / 100.0,
                 row["ad_spend_fen"] / 100.0, row["roi"], int(row["orders"] or 0), int(row["refunds"] or 0), True,
                 repurchase_yuan=row["repurchase_fen"] / 100.0, repurchases=int(row["repurchases"] or 0),
                 sales_fen=int(row["sales_fen"]))


def session_roi7(db: Database, session_id: str) -> SessionRoi7:
    """The session's 7-day ROI: settled when it is, else projected from its GMV and spend with the net factor of
    the room's sessions settled before it (the prior when none). Raises SessionNotFound."""
    gmv, spend = _last_value(db, session_id, "live_pay_order_gmv_alias"), _last_value(db, session_id, "stat_cost")
    row = get(db, session_id)
    if row is not None and row["status"] == DONE:
        roi = settled_roi(row)
        return SessionRoi7(settled_roi7(roi.roi), gmv, spend, settled=roi)
    w = session_window(db, session_id)
    factor = net_factor(room_factors(db, w["room_id"], before=w["start"]))
    return SessionRoi7(project_roi7(gmv, spend, factor), gmv, spend, factor=factor)
