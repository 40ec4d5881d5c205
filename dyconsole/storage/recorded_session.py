"""Reading one recorded session for review: `load_review(path, session_id)` reads its samples, snapshots, events,
A/B slots, alerts, gaps and 7-day ROI (settled or projected) and assembles a core.review.RecordedSession (the room
and product polls as numpy columns, with the derived figures the recorder stored). It opens and closes its own
connection, so it can run in a worker thread (services.review.loader.ReviewLoader runs it in an executor). A session
recorded before the derived figures were stored is derived when opened, and the figures are stored then (when the
file can be written), so it opens as fast as a new one the next time.

`load_charts_preview(path, session_id, names)` reads only what the charts paint first (the summary and the named
room columns, as stored), a few ms where the whole load takes hundreds: the review paints from it while the whole
load runs (None for a session whose derived figures are not stored yet: it has nothing to paint before the load).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from dyconsole.core.derived import DERIVED_NAMES, DERIVED_REVISION
from dyconsole.core.review.preview import ChartsPreview, charts_preview
from dyconsole.core.review.room_columns import RoomColumns, with_derived
from dyconsole.core.review.session import RecordedSession, recorded_session
from dyconsole.storage.alert_store import load_alerts
from dyconsole.storage.db import open_for_reading
from dyconsole.storage.loaders import (
    load_ab_slots,
    load_audience_samples,
    load_events,
    load_flow_samples,
    load_gaps,
    load_product_history,
    load_room_columns,
)
from dyconsole.storage.sessions import get_session
from dyconsole.storage.deliveries import shipments
from dyconsole.storage.schema import DERIVED_REV, ROOM_SAMPLES
from dyconsole.storage.settlements import session_roi7

log = logging.getLogger(__name__)


def load_review(path: Path | str, session_id: str) -> RecordedSession:
    """Read one session from the database at `path` into a RecordedSession (raises StorageError). Opens and closes
    its own connection: safe to call from a worker thread."""
    db = open_for_reading(path)
    try:
        summary = get_session(db, session_id)
        room = load_room_columns(db, session_id)
        if room.derived is None:  # recorded before the derived figures were stored: derive them, once
            room = with_derived(room, summary.room_id)
            _store_derived(db, room)
        products = load_product_history(db, session_id)
        flow = load_flow_samples(db, session_id)
        audience = load_audience_samples(db, session_id)
        events = load_events(db, session_id)
        alerts = load_alerts(db, session_id)
        gaps = load_gaps(db, session_id)
        roi7 = session_roi7(db, session_id)
        slots = load_ab_slots(db, session_id)
        delivered = shipments(db)
    finally:
        db.close()
    session = recorded_session(summary, room, products, flow, audience, events, alerts, gaps)
    session.roi7 = roi7
    session.slots = slots
    session.shipments = delivered
    return session


def load_charts_preview(path: Path | str, session_id: str, names: tuple[str, ...]) -> ChartsPreview | None:
    """The session's summary and its room columns `names` (raw fields or stored derived figures; a failed poll NaN)
    as load_review reads them, or None when a name is not a stored column or a good poll lacks the current derived
    figures (a session recorded before they were stored: load_review derives them). Raises StorageError. Opens and
    closes its own connection: safe to call from a worker thread."""
    db = open_for_reading(path)
    try:
        summary = get_session(db, session_id)
        have = set(db[ROOM_SAMPLES].columns_dict)
        if DERIVED_REV not in have or not all(n in have for n in names):
            return None
        columns = ", ".join(f'"{name}"' for name in names)
        rows = db.execute(f"SELECT ts, is_gap, {DERIVED_REV}, {columns} FROM {ROOM_SAMPLES} WHERE session_id = ? "
                          "ORDER BY ts, id", [session_id]).fetchall()
    finally:
        db.close()
    table = np.array(rows, dtype=np.float64).reshape(len(rows), 3 + len(names)).T
    gap = table[1] != 0
    if not bool(np.all(table[2][~gap] == DERIVED_REVISION)):
        return None
    table[3:, gap] = np.nan  # a failed poll has no value (never 0)
    return charts_preview(summary, table[0], dict(zip(names, table[3:])))


def _store_derived(db: Database, room: RoomColumns) -> None:
    """Keep the figures just derived for a session recorded without them (in one transaction), so that opening it
    next time reads them; best effort: a read-only, busy or older file keeps them unstored (they are derived again)."""
    good = ~room.gap
    if room.derived is None or room.row_ids is None or not good.any():
        return
    figures = np.column_stack([room.derived[n][good] for n in DERIVED_NAMES]).tolist()
    rows = [[None if v != v else v for v in row] + [DERIVED_REVISION, i]  # NaN -> NULL
            for row, i in zip(figures, room.row_ids[good].tolist())]
    columns = ", ".join(f'"{n}" = ?' for n in DERIVED_NAMES)
    try:
        with db.atomic():
            db.conn.executemany(f"UPDATE {ROOM_SAMPLES} SET {columns}, {DERIVED_REV} = ? WHERE id = ?", rows)
    except sqlite3.Error as e:
        log.info("the derived figures of an older session were not stored: %s", e)
