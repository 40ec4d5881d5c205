"""The order-adjustment service (QtCore only): the suggested product order and the changes made to it, for the
order panel.

- It listens to the product polls (`poll_handlers()`, joined to the one fan-out) and keeps an AppealModel fitted
  on them OFF the UI thread: every refit runs on its own BackgroundWork worker (the model is only ever touched
  there) and reads the live feed's product history, frozen as the refit is asked for (the model keeps no copy of
  the polls); it refits every `refit_every` polls and `suggestion_changed` fires when the new report is in.
- `suggestion(pinned)`: core.products.suggest_order over the latest list and report (pinned stay put, sold-out
  go to the bottom).
- `apply(new_order)`: the change (old and new order, who, when, status) is stored with the session FIRST
  (`record_event("order_change", payload, ts)`), then, when the service was given an `apply_order` callable
  (the demo room's control endpoint, injected by the composition root), the order is sent to the room:
  "applied" (or "failed", stored too). Without one (the real platform: no API sets the order) the change is
  "pending" until the operator applied it in the platform's live control panel and `confirm`s it here.
- `effects()`: each change's measured effect, for the room and each product (core.products.effect), measured
  OFF the UI thread on a second worker (from a frozen view of the product history: nothing is copied, nothing
  waits) every EFFECT_EVERY polls and after every change; `changes_changed` fires when a measure is in.
  `effect_of(change)` reads the latest measure (never computes on the caller's thread).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from typing import Any, Awaitable, Callable, Collection, Literal, Protocol, Sequence

from PySide6.QtCore import QObject, Signal

from dyconsole.core.clock import Clock, catching_up
from dyconsole.core.derived import ENTRIES
from dyconsole.core.feed import PollHandlers, ProductsPolled
from dyconsole.core.model import ProductSample
from dyconsole.core.products import AppealModel, AppealReport, OrderSuggestion, suggest_order
from dyconsole.core.products.appeal import AppealEstimate
from dyconsole.core.products.change_log import (
    EVENT_KIND,
    STATUS_APPLIED,
    STATUS_CONFIRMED,
    STATUS_FAILED,
    STATUS_PENDING,
    OrderChange,
)
from dyconsole.core.products.effect import ChangeEffect, EffectSettings, measure_changes
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.series import SeriesSet
from dyconsole.services.background import BackgroundWork

log = logging.getLogger(__name__)

#: sends a product order (ids, top first) to the room; returns the order the room has now
ApplyOrder = Callable[[list[str]], Awaitable[list[str]]]
#: stores an operator action with the session: (kind, payload, ts)
RecordEvent = Callable[[str, dict[str, Any], float], None]
REFIT_EVERY = 4  # product polls between two appeal refits
EFFECT_EVERY = 2  # product polls between two refreshes of the changes' effects


class ProductFeed(Protocol):
    """What the service reads of the live feed (services.live.feed.LiveFeed)."""

    clock: Clock
    products: list[ProductSample]
    product_history: ProductHistory
    series: SeriesSet


class OrderingService(QObject):
    suggestion_changed = Signal()  # a new appeal report is in
    changes_changed = Signal()  # a change was made, confirmed or failed, or the effects moved on
    problem = Signal(str)  # applying an order failed: the message
    products_polled = Signal()  # a products poll came in (the list, stock or places may have changed)

    def __init__(self, feed: ProductFeed, record_event: RecordEvent | None = None,
                 apply_order: ApplyOrder | None = None, who: str = "operator", refit_every: int = REFIT_EVERY,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.feed = feed
        self.record_event = record_event
        self.apply_order = apply_order  # None: the real platform (the operator applies it and confirms)
        self.who = who
        self.refit_every = max(1, refit_every)
        self.report: AppealReport | None = None
        self.changes: list[OrderChange] = []
        self._effects: dict[str, ChangeEffect] = {}
        self._model = AppealModel()  # touched only on the worker
        self._work = BackgroundWork("product-appeal", parent=self, when_idle=True)  # after the poll's own work
        self._work.finished.connect(self._done)
        self._work.failed.connect(lambda key, message: log.warning("appeal %s failed: %s", key, message))
        self._polls = 0
        self._fitting = False
        self._effect_work = BackgroundWork("product-effects", parent=self, when_idle=True)
        self._effect_work.finished.connect(self._measured)
        self._effect_work.failed.connect(self._measure_failed)
        self._measuring = False  # a measure is on the worker
        self._measure_again = False  # ... and another was asked for meanwhile

    # --- polls ----------------------------------------------------------------------------------------------------
    def poll_handlers(self) -> PollHandlers:
        return {ProductsPolled: self.on_products}

    def on_products(self, polled: ProductsPolled) -> None:
        self._polls += 1
        # the demo room's history (core.clock.CatchUpClock) is polled in about a second: it is fitted once it is in
        # (`history_polled`), not every few polls of it, each fit's CPU taken from the catch-up
        if not catching_up(self.feed.clock) and (self._polls % self.refit_every == 0 or self.report is None):
            self.refit()
        if self.changes and self._polls % EFFECT_EVERY == 0:
            self.refresh_effects()
        self.products_polled.emit()

    def history_polled(self) -> None:
        """The room's history is in (the demo room's catch-up is over): its products are fitted now, the suggestion
        there as the window shows the history, not at the next products poll (no fit ran while it was caught up)."""
        if len(self.feed.product_history):
            self.refit()

    def refit(self) -> None:
        """Refit the appeal model on the worker, on the product history as it is now (frozen: the feed goes on
        appending meanwhile); skipped while one runs."""
        if not self._fitting:
            self._fitting = True
            self._work.submit("estimate", self._model.estimate_from, self.feed.product_history.frozen())

    def _done(self, key: object, result: object) -> None:
        if key == "estimate":
            self._fitting = False
            if isinstance(result, AppealReport):
                self.report = result
                self.suggestion_changed.emit()

    def shutdown(self) -> None:
        self._work.shutdown()
        self._effect_work.shutdown()

    # --- the suggestion -------------------------------------------------------------------------------------------
    @property
    def applies_itself(self) -> bool:
        """True when Apply sets the order in the room (the demo room); else the operator applies and confirms."""
        return self.apply_order is not None

    def current_order(self) -> list[str]:
        return [p.product_id for p in self.feed.products]

    def titles(self) -> dict[str, str]:
        """Every product seen this session: id -> title."""
        return dict(self.feed.product_history.titles)

    def suggestion(self, pinned: Collection[str] = (),
                   by: Literal["appeal", "expected_gmv"] = "appeal") -> list[OrderSuggestion]:
        if not self.feed.products:
            return []
        report = self.report or AppealModel().estimate()
        return suggest_order(self.feed.products, report, pinned=pinned, by=by)

    def estimate(self, product_id: str) -> AppealEstimate | None:
        return self.report.products.get(product_id) if self.report is not None else None

    # --- changes ----------------------------------------------------------------------------------------------------
    def complete(self, order: Sequence[str]) -> list[str]:
        """`order` made a permutation of the room's current list: ids no longer listed dropped, products listed
        since appended at the end in their list order."""
        current = self.current_order()
        listed = set(current)
        kept = [pid for pid in dict.fromkeys(order) if pid in listed]
        return kept + [pid for pid in current if pid not in set(kept)]

    async def apply(self, new_order: Sequence[str]) -> OrderChange:
        """Store the change with the session, then (demo room) send it to the room. Returns the change."""
        now = self.feed.clock.now()
        change = OrderChange(now, tuple(self.current_order()), tuple(self.complete(new_order)),
                             STATUS_APPLIED if self.applies_itself else STATUS_PENDING, self.who, uuid.uuid4().hex[:12])
        self._store(change)  # first: whatever happens next, the change is with the session
        if self.apply_order is not None:
            try:
                await self.apply_order(list(change.new_order))
            except Exception as exc:  # noqa: BLE001 - any failure of the room leaves the change failed, told
                log.warning("applying the product order failed: %s", exc)
                change = replace(change, status=STATUS_FAILED)
                self._store(change)
                self.problem.emit(str(exc) or type(exc).__name__)
        return change

    def confirm(self, change_id: str) -> OrderChange:
        """The operator applied the pending change in the platform's live control panel: it counts from now."""
        change = next(c for c in self.changes if c.id == change_id)
        if change.status != STATUS_PENDING:
            return change
        confirmed = replace(change, ts=self.feed.clock.now(), status=STATUS_CONFIRMED, who=self.who)
        self._store(confirmed)
        return confirmed

    def _store(self, change: OrderChange) -> None:
        if self.record_event is not None:
            self.record_event(EVENT_KIND, change.payload(), change.ts)
        self.changes = [c for c in self.changes if c.id != change.id] + [change]
        self.changes.sort(key=lambda c: c.ts)
        if not change.counts:  # pending or failed: not in the room (any earlier measure of it no longer holds)
            self._effects.pop(change.id, None)
        self.changes_changed.emit()  # the list shows it at once; its effect follows from the worker
        self.refresh_effects()

    # --- effects ----------------------------------------------------------------------------------------------------
    def refresh_effects(self) -> None:
        """Measure every change again on the effects worker (~50 ms a change with its products, none of it on
        this thread); one measure at a time: asked while one runs, the next starts when it is in."""
        if not self.changes:
            return
        if self._measuring:
            self._measure_again = True
            return
        self._measuring, self._measure_again = True, False
        entries = self.feed.series[ENTRIES]
        self._effect_work.submit(
            "effects", measure_changes, self.feed.product_history.frozen(), tuple(self.changes),
            (entries.ts.copy(), entries.values.copy()),
            self.report.position_factor if self.report is not None else None, EffectSettings(), True)

    def _measured(self, key: object, result: object) -> None:
        if key != "effects":
            return
        self._measuring = False
        if isinstance(result, list):
            known = {c.id for c in self.changes if c.counts}  # one measured, then failed meanwhile: dropped
            self._effects = {e.change.id: e for e in result if e.change.id in known}
            self.changes_changed.emit()
        if self._measure_again:
            self.refresh_effects()

    def _measure_failed(self, key: object, message: str) -> None:
        if key != "effects":
            return
        log.warning("measuring the order changes failed: %s", message)
        self._measuring = False
        if self._measure_again:
            self.refresh_effects()

    def effects(self) -> dict[str, ChangeEffect]:
        """Each change that happened in the room, by change id: its effect for the room and for each product, as
        of the latest measure."""
        return dict(self._effects)

    def effect_of(self, change_id: str) -> ChangeEffect | None:
        """One change's effect with each product's, as of the latest measure (None until it is measured)."""
        return self._effects.get(change_id)

    @property
    def measuring(self) -> bool:
        """True while a measure of the changes' effects is on the worker."""
        return self._measuring
