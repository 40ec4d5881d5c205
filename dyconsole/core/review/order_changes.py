"""The product-order changes of a recorded session with their measured effects (pure), for the review list
and the report's products section: `measured_changes(history, events, entries)` pairs each change
(core.products.change_log, read from the session's `order_change` events) with its effect (core.products.effect;
None for a change that did not happen in the room: pending or failed); `session_changes(session)` does it for a
reviewed session; `order_change_rows(session)` gives the report's rows.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from dyconsole.core.derived import ENTRIES
from dyconsole.core.products.change_log import OrderChange, changes_from_events
from dyconsole.core.products.effect import ChangeEffect, measure_changes
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.review.session import RecordedSession
from dyconsole.core.session_records import SessionEvent

Measured = list[tuple[OrderChange, ChangeEffect | None]]


def measured_changes(history: ProductHistory, events: Sequence[SessionEvent],
                     entries: tuple[np.ndarray, np.ndarray] | None, only: str | None = None,
                     products: bool = False) -> Measured:
    """Every order change among `events` (or only the one with id `only`) with its effect (None for one that did
    not happen in the room), each measured up to the next change on the product `history` and the room's
    `entries` counter (times, values); `products`: with each product's effect too."""
    every = changes_from_events(events)
    effects = {e.change.id: e for e in measure_changes(history, every, entries, products=products, only=only)}
    return [(c, effects.get(c.id)) for c in every if only is None or c.id == only]


def session_changes(session: RecordedSession, only: str | None = None, products: bool = False) -> Measured:
    """Every order change of `session` (or only the one with id `only`) with its effect (None for one that did
    not happen in the room), each measured up to the next change; `products`: with each product's effect too."""
    entries = session.series[ENTRIES]
    return measured_changes(session.products, session.events, (entries.ts, entries.values), only, products)


def order_change_rows(session: RecordedSession) -> list[dict[str, Any]]:
    """The report's rows: one per change (time, status, who, products moved, each room metric's effect per
    minute with its interval; None where too early to tell)."""
    measured = session_changes(session)
    return effect_rows([c for c, _ in measured], [e for _, e in measured if e is not None],
                       dict(session.products.titles))


def effect_rows(changes: Iterable[OrderChange], effects: Iterable[ChangeEffect],
                titles: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """One row per change for the review list and the report: time, status, who, products moved, and each room
    metric's effect per minute with its interval (None where too early to tell or not measured)."""
    by_change = {(e.change.ts, e.change.new_order): e for e in effects}
    rows = []
    for change in changes:
        effect = by_change.get((change.ts, change.new_order))
        row: dict[str, Any] = {"ts": change.ts, "status": change.status, "who": change.who,
                               "moved": [(titles or {}).get(p, p) for p in change.moved],
                               "minutes_after": effect.minutes_after if effect else 0,
                               "too_early": effect.too_early if effect else True}
        for metric, e in (effect.room.items() if effect else ()):
            row[metric] = None if e.too_early else {"observed": e.observed, "expected": e.expected,
                                                    "uplift": e.uplift, "low": e.low, "high": e.high}
        rows.append(row)
    return rows
