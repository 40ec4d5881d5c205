"""The live run of show: a poll listener that cuts the broadcast into segments as it goes (core.run_of_show) from
the product being explained (products polls), the A/B slot running (the session's ab_slots, read through the
`slots` callable) and the topic the operator marked (`mark_topic`, stored with the session as a `topic` event
through the recorder's `add_event`). QtCore only: `changed` tells the window a poll moved the segments.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from PySide6.QtCore import QObject, Signal

from dyconsole.core.feed import PollHandlers, ProductsPolled, RoomPolled
from dyconsole.core.products.appeal import EXPLAINING
from dyconsole.core.run_of_show import TOPIC_EVENT, Labeller, RunOfShow, Segment
from dyconsole.core.session_records import VariantSlot

#: how often (room polls) the A/B slots are read again
SLOTS_EVERY = 12

AddEvent = Callable[..., None]


class RunOfShowService(QObject):
    changed = Signal()

    def __init__(self, add_event: AddEvent | None = None,
                 slots: Callable[[], Sequence[VariantSlot]] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._add_event = add_event
        self._slots = slots
        self.labeller = Labeller()
        self.run = RunOfShow()
        self._explained: list[tuple[str, str]] = []
        self._polls = 0
        self.last_ts: float | None = None

    def poll_handlers(self) -> PollHandlers:
        return {RoomPolled: self.on_room, ProductsPolled: self.on_products}

    def on_products(self, event: ProductsPolled) -> None:
        self._explained = [(p.product_id, p.title) for p in event.products if p.explain_status == EXPLAINING]

    def on_room(self, event: RoomPolled) -> None:
        ts = event.sample.ts
        if self._slots is not None and self._polls % SLOTS_EVERY == 0:
            self.labeller.set_slots(self._slots())
        self._polls += 1
        self.last_ts = ts
        self.run.push(ts, self.labeller.label(ts, self._explained), event.sample.values, event.derived)
        self.changed.emit()

    def mark_topic(self, text: str, ts: float | None = None) -> float | None:
        """A topic starts now (at the last room poll; an empty text ends the marked topic): stored with the session
        and the next segment begins at the next poll. Returns the time it was marked at (None before any poll)."""
        at = ts if ts is not None else self.last_ts
        if at is None:
            return None
        text = text.strip()
        self.labeller.add_topic(at, text)
        if self._add_event is not None:
            self._add_event(TOPIC_EVENT, {"topic": text}, ts=at)
        return at

    def current(self) -> Segment | None:
        return self.run.current()

    def segments(self) -> list[Segment]:
        return self.run.segments()


def attach_args(recorder: Any) -> dict[str, Any]:
    """The service's storage hooks for a recorder (None: nothing stored, no slots)."""
    if recorder is None:
        return {}
    from dyconsole.storage.loaders import load_ab_slots

    return {"add_event": recorder.add_event,
            "slots": lambda: load_ab_slots(recorder.db, recorder.session_id) if recorder.recording else []}
