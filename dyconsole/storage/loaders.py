"""Reading one recorded session back as core model objects, for review, comparison, reports and exports.

Room polls that failed are kept in order as `RoomGapSample`s: a RoomSample whose every metric is None, with the
error that caused it (`is_gap(sample)` tells them apart). Everything comes back ordered by time. Review reads the
room and product polls as numpy columns instead (`load_room_columns`, `load_product_history`): only the columns it
uses, no object per row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
from sqlite_utils import Database

from dyconsole.core.derived import DERIVED_NAMES, DERIVED_REVISION
from dyconsole.core.feed import Gap
from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS, ROOM_METRIC_NAMES
from dyconsole.core.model import (
    AudienceSample,
    FlowSample,
    OrderRecord,
    OrderState,
    ProductSample,
    RoomSample,
    RoomStatus,
)
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.review.room_columns import RoomColumns
from dyconsole.core.session_records import SessionEvent, VariantSlot
from dyconsole.storage.errors import SessionNotFound
from dyconsole.storage.schema import DERIVED_REV, ROOM_SAMPLES


@dataclass(frozen=True, slots=True)
class RoomGapSample(RoomSample):
    """A room poll that yielded nothing: every metric None (never 0), and why."""

    error: str = ""


def is_gap(sample: RoomSample) -> bool:
    return isinstance(sample, RoomGapSample)


def require_session(db: Database, session_id: str) -> dict[str, Any]:
    """The session's row; raises SessionNotFound."""
    rows = list(db.query("SELECT * FROM sessions WHERE id = ?", [session_id]))
    if not rows:
        raise SessionNotFound(f"no session {session_id!r} in the session database")
    return rows[0]


_ALL_NONE: dict[str, float | None] = {name: None for name in ROOM_METRIC_NAMES}


def load_room_samples(db: Database, session_id: str) -> list[RoomSample]:
    """One RoomSample per room poll, in time order; failed polls are RoomGapSample (all metrics None)."""
    room_id = require_session(db, session_id)["room_id"]
    columns = ", ".join(f'"{name}"' for name in ROOM_METRIC_NAMES)
    sql = f"SELECT ts, status, is_gap, error, {columns} FROM room_samples WHERE session_id = ? ORDER BY ts, id"
    samples: list[RoomSample] = []
    for row in db.execute(sql, [session_id]):
        ts, status, gap, error = row[0], row[1], row[2], row[3]
        if gap:
            samples.append(RoomGapSample(ts, room_id, RoomStatus.parse(status), dict(_ALL_NONE), error or ""))
        else:
            samples.append(RoomSample(ts, room_id, RoomStatus.parse(status), dict(zip(ROOM_METRIC_NAMES, row[4:]))))
    return samples


def load_room_columns(db: Database, session_id: str) -> RoomColumns:
    """The session's room polls as numpy columns, reading only what review keeps of them: the raw fields and the
    derived figures the recorder stored, when every good poll has them of core.derived's revision (else `derived`
    is None and the caller derives them: a session recorded before they were stored)."""
    require_session(db, session_id)
    have = set(db[ROOM_SAMPLES].columns_dict)
    stored = DERIVED_REV in have and all(n in have for n in DERIVED_NAMES)
    names = ROOM_METRIC_NAMES + (DERIVED_NAMES if stored else ())
    columns = ", ".join(f'"{name}"' for name in names)
    revision = DERIVED_REV if stored else "NULL"
    rows = db.execute(f"SELECT id, ts, is_gap, {revision}, {columns} FROM {ROOM_SAMPLES} WHERE session_id = ? "
                      "ORDER BY ts, id", [session_id]).fetchall()
    table = np.array(rows, dtype=np.float64).reshape(len(rows), 4 + len(names)).T
    gap = table[2] != 0
    table[4:, gap] = np.nan  # a failed poll has no value (never 0)
    values = dict(zip(names, table[4:]))
    raw = {n: values[n] for n in ROOM_METRIC_NAMES}
    derived = ({n: values[n] for n in DERIVED_NAMES}
               if stored and bool(np.all(table[3][~gap] == DERIVED_REVISION)) else None)
    return RoomColumns(table[1], gap, raw, derived, table[0].astype(np.int64))


def load_product_history(db: Database, session_id: str) -> ProductHistory:
    """The session's product polls as a ProductHistory, built from the stored columns (no ProductSample objects)."""
    require_session(db, session_id)
    columns = ", ".join(f'"{name}"' for name in PRODUCT_NUMERIC_FIELDS)
    rows = db.execute(f"SELECT ts, position, {columns}, product_id, title, explain_status FROM product_samples "
                      "WHERE session_id = ? ORDER BY ts, id", [session_id]).fetchall()
    if not rows:
        return ProductHistory()
    table = np.array(rows, dtype=object)
    numbers = table[:, :-3].astype(np.float64)  # ts, position and the fields (NULL -> NaN)
    ids, titles, explain = (table[:, k].tolist() for k in (-3, -2, -1))
    return ProductHistory.from_columns(numbers[:, 0], ids, [t or "" for t in titles], [e or "" for e in explain],
                                       numbers[:, 1], numbers[:, 2:])


def load_product_samples(db: Database, session_id: str) -> list[ProductSample]:
    require_session(db, session_id)
    columns = ", ".join(f'"{name}"' for name in PRODUCT_NUMERIC_FIELDS)
    sql = (f"SELECT ts, product_id, title, explain_status, position, {columns} FROM product_samples "
           "WHERE session_id = ? ORDER BY ts, id")
    return [ProductSample(row[0], row[1], row[2] or "", row[3] or "", row[4],
                          dict(zip(PRODUCT_NUMERIC_FIELDS, row[5:])))
            for row in db.execute(sql, [session_id])]


def load_flow_samples(db: Database, session_id: str) -> list[FlowSample]:
    """One FlowSample per flow poll (per `by`), in time order."""
    require_session(db, session_id)
    grouped: dict[tuple[float, str], dict[str, float | None]] = defaultdict(dict)
    for ts, by, source, value in db.execute(
            "SELECT ts, by, source, value FROM flow_samples WHERE session_id = ? ORDER BY ts, id", [session_id]):
        grouped[(ts, by)][source] = value
    return [FlowSample(ts, by, values) for (ts, by), values in grouped.items()]


def load_audience_samples(db: Database, session_id: str) -> list[AudienceSample]:
    require_session(db, session_id)
    grouped: dict[tuple[float, str, str], dict[str, float]] = defaultdict(dict)
    for ts, event, dimension, label, value in db.execute(
            "SELECT ts, action_event, dimension, label, value FROM audience_samples WHERE session_id = ? "
            "ORDER BY ts, id", [session_id]):
        grouped[(ts, event, dimension)][label] = value
    return [AudienceSample(ts, event, dimension, values) for (ts, event, dimension), values in grouped.items()]


def load_orders(db: Database, session_id: str) -> list[OrderRecord]:
    """The session's orders (latest state of each), by creation time."""
    require_session(db, session_id)
    return [order_record(row) for row in db.query(
        "SELECT * FROM orders WHERE session_id = ? ORDER BY create_time, order_id", [session_id])]


def order_record(row: Mapping[str, Any]) -> OrderRecord:
    """An `orders` (or `settle_orders`) row as the model's OrderRecord."""
    return OrderRecord(
        order_id=row["order_id"], room_id=row["room_id"] or "", product_id=row["product_id"] or "",
        item_num=int(row["item_num"] or 0), pay_amount_fen=int(row["pay_amount_fen"] or 0),
        order_amount_fen=int(row["order_amount_fen"] or 0), create_time=row["create_time"],
        update_time=row["update_time"], pay_time=row["pay_time"], state=OrderState(row["state"]),
        buyer_mask=row["buyer_mask"] or "",
    )


def load_gaps(db: Database, session_id: str) -> list[Gap]:
    """Every failed poll of every kind, in time order."""
    require_session(db, session_id)
    return [Gap(kind, ts, error or "") for kind, ts, error in db.execute(
        "SELECT kind, ts, error FROM gaps WHERE session_id = ? ORDER BY ts, id", [session_id])]


def load_ab_slots(db: Database, session_id: str | None) -> list[VariantSlot]:
    """The A/B slots recorded with a session, by start (none when no plan ran or the table is absent)."""
    if session_id is None or not db["ab_slots"].exists():
        return []
    return [VariantSlot(str(v), float(a), None if b is None else float(b)) for v, a, b in db.execute(
        "SELECT variant, starts_at, ends_at FROM ab_slots WHERE session_id = ? AND starts_at IS NOT NULL"
        " AND variant IS NOT NULL ORDER BY starts_at, id", [session_id])]


def load_events(db: Database, session_id: str) -> list[SessionEvent]:
    require_session(db, session_id)
    return [SessionEvent(ts, kind, json.loads(payload or "{}")) for ts, kind, payload in db.execute(
        "SELECT ts, kind, payload FROM events WHERE session_id = ? ORDER BY ts, id", [session_id])]
