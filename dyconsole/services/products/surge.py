"""The product click-surge hint while live, without Qt: `SurgeWatch` is a poll listener (products polls) that runs
core.products.surge.SurgeDetector, records each new hint with the session as a `product_surge` event (payload:
product id, title, evidence, the click rates before and after, since when) and tells its subscribers (the live
window's strip, tray and chart marker; the headless `record`'s console line). `active` says which products' hints
are still up (until their clicks are back near the rate before the jump). `surge_detail` is the event's one-line
description for the review timeline and the report.

The detector costs a few ms a poll late in a show (60 products). Given a `work` runner (the window's: a
services.background.BackgroundWork, injected by the composition root; this module stays Qt-free for `record`), the
detector runs there, one poll after the other, and each poll's outcome comes back to the caller's thread in poll
order: the hints are recorded, then told, then `on_poll` runs, exactly as without a worker, only later. Without one
(`record`, tests) it all happens inside the poll.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Mapping, Protocol, Sequence

from dyconsole.core.feed import PollHandlers, ProductsPolled
from dyconsole.core.model import ProductSample
from dyconsole.core.products.surge import SurgeDetector, SurgeHint

log = logging.getLogger(__name__)

#: the event kind a surge hint is stored under
SURGE_EVENT = "product_surge"


class EventLog(Protocol):
    """Where a hint is recorded (storage.recorder.Recorder)."""

    def add_event(self, kind: str, payload: dict[str, Any] | None = None, ts: float | None = None) -> None: ...


class Worker(Protocol):
    """Runs functions off the caller's thread, in order (services.background.BackgroundWork): `submit(key, fn,
    *args)`; the outcome comes back on the caller's thread as `finished(key, result)` or `failed(key, message)`."""

    finished: Any  # a signal: .connect(handler)
    failed: Any

    def submit(self, key: Any, fn: Callable[..., Any], *args: Any) -> Any: ...

    def shutdown(self) -> None: ...


_DETECT = "surge.detect"  # the key of a poll's detection on the worker


def surge_payload(hint: SurgeHint) -> dict[str, Any]:
    """What a hint stores with the session."""
    return {"product_id": hint.product_id, "title": hint.title, "evidence": round(hint.evidence, 2),
            "rate_before": hint.rate_before, "rate_after": hint.rate_after, "by_impressions": hint.by_impressions,
            "since_ts": hint.since_ts}


def surge_detail(payload: Mapping[str, Any] | None) -> str:
    """A stored hint in one line: the product and how many times its click rate rose ("连衣裙 ×4.2")."""
    p = payload or {}
    title = str(p.get("title") or p.get("product_id") or "?")
    before, after = p.get("rate_before"), p.get("rate_after")
    if isinstance(before, (int, float)) and isinstance(after, (int, float)) and before > 0:
        return f"{title} ×{after / before:.1f}"
    return title


class SurgeWatch:
    """Watches every products poll for click surges; records and announces each new hint."""

    def __init__(self, events: EventLog | None = None, detector: SurgeDetector | None = None,
                 work: Worker | None = None) -> None:
        self.events = events
        self.detector = detector or SurgeDetector()  # with a worker, touched only there
        self.hints: list[SurgeHint] = []  # every hint of this run, in order
        self._subscribers: list[Callable[[SurgeHint], None]] = []
        self._polled: list[Callable[[], None]] = []
        self._active: list[str] = []
        self._work = work
        self._in_flight = 0
        if work is not None:
            work.finished.connect(self._detected)
            work.failed.connect(self._failed)

    def poll_handlers(self) -> PollHandlers:
        return {ProductsPolled: lambda e: self.on_products(e.ts, e.products)}

    def subscribe(self, on_hint: Callable[[SurgeHint], None], on_poll: Callable[[], None] | None = None) -> None:
        """`on_hint(hint)` for each new hint (after it is recorded); `on_poll()` after every products poll (e.g. to
        take down hints no longer `active`)."""
        self._subscribers.append(on_hint)
        if on_poll is not None:
            self._polled.append(on_poll)

    @property
    def active(self) -> list[str]:
        """Ids of the products whose hint is still up (as of the last poll taken in)."""
        return self._active

    @property
    def busy(self) -> bool:
        """True while a poll's detection has not come back from the worker."""
        return self._in_flight > 0

    def on_products(self, ts: float, products: Sequence[ProductSample]) -> None:
        if self._work is None:
            self._take(*self._detect(ts, products))
            return
        self._in_flight += 1
        self._work.submit(_DETECT, self._detect, ts, list(products))

    def shutdown(self) -> None:
        """Wait for the detection in flight (with a worker)."""
        if self._work is not None:
            self._work.shutdown()

    def _detect(self, ts: float, products: Sequence[ProductSample]) -> tuple[list[SurgeHint], list[str]]:
        """One poll through the detector (on the worker when there is one): its new hints and who is still up."""
        return self.detector.push(ts, products), list(self.detector.active)

    def _detected(self, key: object, result: object) -> None:
        if key != _DETECT:
            return
        self._in_flight -= 1
        hints, active = result  # type: ignore[misc]
        self._take(hints, active)

    def _failed(self, key: object, message: str) -> None:
        if key == _DETECT:
            self._in_flight -= 1
            log.warning("surge detection failed: %s", message)

    def _take(self, hints: list[SurgeHint], active: list[str]) -> None:
        """A poll's outcome, on the caller's thread: each hint recorded with the session, then told."""
        self._active = active
        for hint in hints:
            self.hints.append(hint)
            if self.events is not None:
                self.events.add_event(SURGE_EVENT, surge_payload(hint), hint.at)
            for on_hint in self._subscribers:
                on_hint(hint)
        for on_poll in self._polled:
            on_poll()
