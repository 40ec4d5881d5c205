"""The product-order changes of a recorded session with their measured effects (pure), for the review list
and the report's products section: `session_changes(session)` pairs each change (core.products.change_log,
read from the session's `order_change` events) with its effect (core.products.effect; None for a change that
did not happen in the room: pending or failed); `order_change_rows(session)` gives the report's rows.
"""

from __future__ import annotations

from typing import Any

from dyconsole.core.derived import ENTRIES
from dyconsole.core.products.change_log import OrderChange, changes_from_events, effect_rows
from dyconsole.core.products.effect import ChangeEffect, measure_change
from dyconsole.core.review.session import RecordedSession


def session_changes(session: RecordedSession, only: str | None = None, products: bool = False
                    ) -> list[tuple[OrderChange, ChangeEffect | None]]:
    """Every order change of `session` (or only the one with id `only`) with its effect, each measured up to
    the next change that happened in the room; `products`: with each product's effect too."""
    changes = changes_from_events(session.events)
    counted = [c for c in changes if c.counts]
    entries = session.series[ENTRIES]
    out: list[tuple[OrderChange, ChangeEffect | None]] = []
    for change in changes:
        if only is not None and change.id != only:
            continue
        if not change.counts:
            out.append((change, None))
            continue
        k = counted.index(change)
        out.append((change, measure_change(
            session.products, change, counted[k - 1].ts if k else None, (entries.ts, entries.values), None,
            counted[k + 1].ts if k + 1 < len(counted) else None, products=products)))
    return out


def order_change_rows(session: RecordedSession) -> list[dict[str, Any]]:
    """The report's rows: one per change (time, status, who, products moved, each room metric's effect per
    minute with its interval; None where too early to tell)."""
    measured = session_changes(session)
    return effect_rows([c for c, _ in measured], [e for _, e in measured if e is not None],
                       dict(session.products.titles))
