"""The product-order changes of a session (pure): `OrderChange` (old and new order, when, who, status) as stored
with the session (event `order_change`, payload `OrderChange.payload()`), read back from the session's events
(`changes_from_events`: one change per id, its latest status wins). The one reader of `order_change` events: the
order panel, the heat maps (live and review), the review's changes list and the report all read changes here.
Older payloads name the new order `order` and the old one `previous_order`; `order_text` names an order's first
products.

Statuses: "applied" (the console set the order in the room: the demo room's control endpoint), "pending" (the
operator was asked to apply it in the platform's live control panel), "confirmed" (they did, and confirmed it in
the console), "failed" (applying it did not work; the room kept its order). Only applied and confirmed changes
happened in the room and have an effect to measure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Mapping, Sequence

from dyconsole.core.session_records import SessionEvent

EVENT_KIND = "order_change"
STATUS_APPLIED, STATUS_CONFIRMED, STATUS_PENDING, STATUS_FAILED = "applied", "confirmed", "pending", "failed"
STATUSES = (STATUS_APPLIED, STATUS_CONFIRMED, STATUS_PENDING, STATUS_FAILED)


@dataclass(frozen=True)
class OrderChange:
    """One change of the product order. `ts`: when it took effect in the room (applied / confirmed), else when
    it was asked for."""

    ts: float
    old_order: tuple[str, ...]
    new_order: tuple[str, ...]
    status: str = STATUS_APPLIED
    who: str = ""
    id: str = ""

    @classmethod
    def from_payload(cls, ts: float, payload: Mapping[str, Any]) -> "OrderChange":
        def ids(key: str) -> tuple[str, ...]:
            value = payload.get(key) or ()
            return tuple(str(v) for v in value) if isinstance(value, (list, tuple)) else ()

        at = payload.get("at")
        return cls(float(at) if isinstance(at, (int, float)) else ts, ids("old_order") or ids("previous_order"),
                   ids("new_order") or ids("order"), str(payload.get("status", STATUS_APPLIED)),
                   str(payload.get("who", "")), str(payload.get("id", "")))

    def payload(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.ts, "old_order": list(self.old_order), "new_order": list(self.new_order),
                "status": self.status, "who": self.who}

    @property
    def counts(self) -> bool:
        """Whether the change happened in the room (applied or confirmed), so it has an effect to measure."""
        return self.status in (STATUS_APPLIED, STATUS_CONFIRMED)

    @property
    def moved(self) -> list[str]:
        """The products whose place changed."""
        old = {pid: k for k, pid in enumerate(self.old_order)}
        return [pid for k, pid in enumerate(self.new_order) if old.get(pid) != k]


def changes_from_events(events: Iterable[SessionEvent]) -> list[OrderChange]:
    """The session's order changes in time order; events of one change id (asked, then confirmed or failed)
    become one change with its latest status (and the time it took effect)."""
    by_id: dict[str, OrderChange] = {}
    for k, event in enumerate(sorted((e for e in events if e.kind == EVENT_KIND), key=lambda e: e.ts)):
        change = OrderChange.from_payload(event.ts, event.payload)
        key = change.id or f"#{k}"  # an event without an id (an older session) is a change of its own
        change = replace(change, id=key)
        earlier = by_id.get(key)
        if earlier is not None and not change.new_order:
            change = OrderChange(change.ts, earlier.old_order, earlier.new_order, change.status, change.who, key)
        by_id[key] = change
    return sorted(by_id.values(), key=lambda c: c.ts)


def order_text(ids: Sequence[str], titles: Mapping[str, str], first: int = 3) -> str:
    """The first products of an order by title ("A、B、C…")."""
    names = [titles.get(pid, pid) for pid in ids[:first]]
    return "、".join(names) + ("…" if len(ids) > first else "")
