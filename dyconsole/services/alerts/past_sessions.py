"""Alert rules tried on a past session (no Qt): `replay_rules(db, ...)` on an open database, `replay_stored(path,
...)` through its own connection, so it can run in a worker thread (the alert service runs it through
services.background.BackgroundWork). The room's baseline comes from services.alerts.recording.room_baseline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from sqlite_utils import Database

from dyconsole.core.alerts import AlertEvent, NormTable, Rule
from dyconsole.core.alerts.monitor import replay_session
from dyconsole.services.alerts.recording import room_baseline
from dyconsole.storage.db import open_for_reading
from dyconsole.storage.loaders import load_product_samples, load_room_samples, require_session


def replay_rules(db: Database, session_id: str, rules: Sequence[Rule], norms: NormTable) -> list[AlertEvent]:
    """What `rules` would have raised over a cached session (against the room's baseline from the sessions before
    it). Raises StorageError (SessionNotFound included) when the session cannot be read."""
    row = require_session(db, session_id)
    room = load_room_samples(db, session_id)
    products = load_product_samples(db, session_id)
    rules = list(rules)
    baseline = room_baseline(db, row["room_id"], rules, exclude=(session_id,), before_ts=row.get("started_at"))
    return replay_session(rules, room, products, start_ts=row.get("room_started_at") or row.get("started_at"),
                          norms=norms, baseline=baseline)


def replay_stored(path: Path | str, session_id: str, rules: Sequence[Rule], norms: NormTable) -> list[AlertEvent]:
    """replay_rules on the database at `path`, through a connection opened and closed here: safe in a worker
    thread."""
    db = open_for_reading(path)
    try:
        return replay_rules(db, session_id, rules, norms)
    finally:
        db.close()
