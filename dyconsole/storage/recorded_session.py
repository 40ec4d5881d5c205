"""Reading one recorded session for review: `load_review(path, session_id)` reads its samples, snapshots, events,
A/B slots, alerts, gaps and 7-day ROI (settled or projected) and assembles a core.review.RecordedSession (the room
and product polls as numpy columns, with the derived figures the recorder stored). It opens and closes its own connection, so it can
run in a worker thread (services.review.loader.ReviewLoader runs it in an executor).
"""

from __future__ import annotations

from pathlib import Path

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
from dyconsole.storage.settlements import session_roi7


def load_review(path: Path | str, session_id: str) -> RecordedSession:
    """Read one session from the database at `path` into a RecordedSession (raises StorageError). Opens and closes
    its own connection: safe to call from a worker thread."""
    db = open_for_reading(path)
    try:
        summary = get_session(db, session_id)
        room = load_room_columns(db, session_id)
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
