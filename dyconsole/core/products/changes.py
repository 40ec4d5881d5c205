"""Product order changes as a session recorded them (`order_change` events), read back for review and the report:
`OrderChange` (when, the new order and the one before when recorded, applied or confirmed) and
`recorded_changes(events)`; `order_text(ids, titles)` names the first products of an order. Pure: the payload is
the event's JSON as storage gives it back; a payload missing a part leaves that part empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

ORDER_CHANGE = "order_change"  # the session event kind (core.report_text and the review timeline word it)
#: payload keys the new and the old order may be under (the first one present is taken)
NEW_ORDER_KEYS = ("new_order", "order")
OLD_ORDER_KEYS = ("old_order", "previous_order")


@dataclass(frozen=True, slots=True)
class OrderChange:
    ts: float
    order: tuple[str, ...]  # product ids, first = top of the list
    previous: tuple[str, ...] = ()
    status: str = ""  # "applied" (the demo room took it) / "confirmed" (the operator applied it on the platform)


def _ids(payload: Mapping[str, Any], keys: Sequence[str]) -> tuple[str, ...]:
    for key in keys:
        value = payload.get(key)
        if isinstance(value, (list, tuple)):
            return tuple(str(v) for v in value)
    return ()


def recorded_changes(events: Iterable[Any]) -> list[OrderChange]:
    """The order changes among a session's events (anything with ts, kind and payload), in time order."""
    out = []
    for e in events:
        if getattr(e, "kind", None) != ORDER_CHANGE:
            continue
        payload = getattr(e, "payload", None) or {}
        out.append(OrderChange(float(e.ts), _ids(payload, NEW_ORDER_KEYS), _ids(payload, OLD_ORDER_KEYS),
                               str(payload.get("status") or "")))
    return sorted(out, key=lambda c: c.ts)


def order_text(ids: Sequence[str], titles: Mapping[str, str], first: int = 3) -> str:
    """The first products of an order by title ("A、B、C…")."""
    names = [titles.get(pid, pid) for pid in ids[:first]]
    return "、".join(names) + ("…" if len(ids) > first else "")
