"""A room's recorded broadcasts as slot values, read from the session database (no Qt): the power panel's noise
(how the plan's metric varies between slots of the room's own past sessions, core.experiments.power.slot_noise)
and the values of a plan's slots that ran in an earlier session of the console (a plan survives a restart).

Everything here opens its own read connection from a path, so services run it in a worker
(services.background.BackgroundWork).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np
from sqlite_utils import Database

from dyconsole.core.derived import DERIVED_NAMES, derive_rows
from dyconsole.core.experiments.power import slot_noise
from dyconsole.core.experiments.slot_metric import slot_value
from dyconsole.core.metrics import ROOM_METRIC_NAMES
from dyconsole.storage.db import open_for_reading
from dyconsole.storage.loaders import load_room_samples
from dyconsole.storage.sessions import list_sessions

#: fewer past slots than this (all sessions together) is "not enough history" for a noise figure
MIN_HISTORY_SLOTS = 6

Columns = Mapping[str, np.ndarray]


@dataclass(frozen=True)
class SlotNoise:
    """How much the metric moves between slots of the room's past broadcasts: `noise` None when there were too
    few slots (`slots` < MIN_HISTORY_SLOTS)."""

    metric: str
    noise: float | None
    sessions: int
    slots: int


def session_columns(db: Database, session_id: str) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """One recorded session's room samples as (ts, raw and derived columns), NaN where a poll failed."""
    samples = load_room_samples(db, session_id)
    rows = derive_rows(samples)
    ts = np.array([s.ts for s in samples], dtype=np.float64)
    columns = {name: np.array([s.values.get(name) for s in samples], dtype=np.float64) for name in ROOM_METRIC_NAMES}
    columns.update({name: np.array([r.get(name) for r in rows], dtype=np.float64) for name in DERIVED_NAMES})
    return ts, columns


def cut_into_slots(metric: str, ts: np.ndarray, columns: Columns, slot_s: float,
                   washout_s: float) -> list[float | None]:
    """The session cut into consecutive slots of `slot_s` from its first sample: each slot's value after washout
    (None where a slot has none, so that only truly adjacent slots are compared)."""
    if len(ts) == 0 or slot_s <= 0:
        return []
    values: list[float | None] = []
    start, last = float(ts[0]), float(ts[-1])
    while start + slot_s <= last:
        values.append(slot_value(metric, ts, columns, start, start + slot_s, washout_s))
        start += slot_s
    return values


def room_slot_noise(path: Path | str | None, room_id: str | None, metric: str, slot_s: float, washout_s: float,
                    exclude: Iterable[str] = ()) -> SlotNoise:
    """The slot noise of `metric` over the room's recorded sessions (all rooms' when `room_id` is None), but
    `exclude` (the session recording now). Raises StorageError."""
    skip = set(exclude)
    db = open_for_reading(path)
    try:
        per_session: list[list[float | None]] = []
        for summary in list_sessions(db):
            if summary.id in skip or (room_id is not None and summary.room_id != room_id):
                continue
            ts, columns = session_columns(db, summary.id)
            values = cut_into_slots(metric, ts, columns, slot_s, washout_s)
            if any(v is not None for v in values):
                per_session.append(values)
    finally:
        db.close()
    count = sum(1 for values in per_session for v in values if v is not None)
    noise = slot_noise(per_session) if count >= MIN_HISTORY_SLOTS else None
    if noise is not None and not (math.isfinite(noise) and noise > 0):
        noise = None  # too few adjacent pairs with a value
    return SlotNoise(metric, noise, len(per_session), count)


@dataclass(frozen=True)
class SlotSpan:
    """A finished slot of a plan to measure: where it ran (session) and when."""

    index: int
    session_id: str
    start: float
    end: float


def stored_slot_values(path: Path | str | None, metric: str, washout_s: float,
                       spans: Sequence[SlotSpan]) -> dict[int, float | None]:
    """The values of slots that ran in earlier sessions, read from their recordings (slot index -> value)."""
    out: dict[int, float | None] = {}
    if not spans:
        return out
    db = open_for_reading(path)
    try:
        loaded: dict[str, tuple[np.ndarray, dict[str, np.ndarray]]] = {}
        for span in spans:
            if span.session_id not in loaded:
                loaded[span.session_id] = session_columns(db, span.session_id)
            ts, columns = loaded[span.session_id]
            out[span.index] = slot_value(metric, ts, columns, span.start, span.end, washout_s) if len(ts) else None
    finally:
        db.close()
    return out
