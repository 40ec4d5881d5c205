"""The demo room: one seeded, time-accelerated broadcast, stepped in whole broadcast seconds as the clock
moves (`advance_to`), answering in the Qianchuan/Doudian field names, and taking the operator's actions
(product order, the product being explained) and scenario events from the second they are made.

Same seed + same scenario + same sequence of calls => identical outputs; the state at a time does not depend
on how the calls to `advance_to` split the time before it. After the broadcast (FINISH) the room is closed but
orders keep settling, refunding and being repurchased as time advances.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Sequence

import numpy as np

from dyconsole.emulator.scenarios import Scenario, ScenarioEvent
from dyconsole.emulator.sim import config as C
from dyconsole.emulator.sim import readout
from dyconsole.emulator.sim.delivery import delivery_fields
from dyconsole.emulator.sim.engine import ActiveEvent, Controls, Engine
from dyconsole.emulator.sim.orders import SimOrder, order_id_base
from dyconsole.emulator.sim.products import make_catalog
from dyconsole.emulator.sim.truth import GroundTruth


class Simulator:
    def __init__(self, config: C.SimConfig = C.SimConfig(), scenario: Scenario | None = None) -> None:
        self.config = config
        self.scenario = scenario
        self._origin = math.floor(config.start_ts)
        catalog = make_catalog(config.seed, config.n_products)
        self._engine = Engine(config.seed, int(config.duration_s), self._origin, catalog, config.arrivals_factor)
        self._index = {pid: i for i, pid in enumerate(catalog.ids)}
        self._now = self._origin - 1  # nothing simulated yet
        self._buyer_salt = (abs(int(config.seed)) * 7919) % (1 << 32)
        for k, event in enumerate(scenario.events if scenario else ()):
            self._add_event(event, int(round(event.at_s)), k)
        self._ab_variant: str | None = None
        self.truth = GroundTruth(self._engine)
        self.truth.ab_effects = {C.AB_CONTROL: 0.0, "B": self.ab_effect("B")}
        self.truth.refresh(self.now_ts)

    # --- time -------------------------------------------------------------------------------------------------
    def advance_to(self, ts: float) -> None:
        """Simulate up to floor(ts). Idempotent; a time at or before now changes nothing (never backwards)."""
        t = math.floor(ts)
        if t <= self._now:
            return
        self._now = t
        self._engine.run_to(max(0, t - self._origin))
        self.truth.refresh(self.now_ts)

    @property
    def now_ts(self) -> float:
        return float(self._now)

    @property
    def elapsed_s(self) -> int:
        return self._engine.elapsed

    @property
    def status(self) -> str:
        if self._now < self._origin:
            return "PREPARE"
        return "LIVING" if self._now - self._origin < self._engine.duration else "FINISH"

    @property
    def source_silent(self) -> bool:
        now = self._now - self._origin
        return any(ev.event.kind == "silent_source" and ev.start <= now < ev.end for ev in self._engine.controls.events)

    def _second_now(self) -> int:
        """The broadcast second an action made now takes effect from (the end, once the show is over)."""
        return min(max(0, self._now - self._origin), self._engine.duration)

    # --- what the APIs serve ----------------------------------------------------------------------------------
    def room_stats(self) -> dict[str, float]:
        return readout.room_stats(self._engine, self._now, self.status == "LIVING")

    def room_info(self) -> dict:
        cfg = self.config
        status = self.status
        end = ""
        if status == "FINISH":
            end = C.shanghai_time(self._origin + self._engine.duration)
        return {"room_id": cfg.room_id, "room_title": cfg.title, "room_status": status,
                "start_time": C.shanghai_time(self._origin), "end_time": end,
                "aweme_id": cfg.aweme_id, "aweme_name": cfg.aweme_name}

    def flow(self, by: str) -> dict[str, float]:
        return readout.flow(self._engine, self._now, by)

    def audience(self, action_event: str, dimension: str) -> list[tuple[str, int]]:
        return readout.audience(self._engine, self._now, action_event, dimension)

    def products(self) -> list[dict]:
        return readout.products(self._engine, self._now, self.status == "LIVING", self._second_now())

    def orders(self, created: tuple[int | None, int | None] = (None, None),
               updated: tuple[int | None, int | None] = (None, None)) -> list[SimOrder]:
        """Every SKU order created so far (live-room orders and later repurchases), oldest first; only those created
        and last updated within the given (start, end) times (None: open), chosen before any order is built (an
        order search asks for the last minutes' updates: not every order of the show made and dropped each time)."""
        store = self._engine.orders
        visible = store.visible(self._now)
        for (lo, hi), times in ((created, lambda idx: store.col("create")[idx]),
                                (updated, lambda idx: store.update_times(idx, self._now))):
            if lo is not None or hi is not None:
                t = times(visible)
                keep = np.ones(len(t), dtype=bool)
                if lo is not None:
                    keep &= t >= lo
                if hi is not None:
                    keep &= t <= hi
                visible = visible[keep]
        visible = visible[np.lexsort((store.col("seq")[visible], store.col("create")[visible]))]
        ids, cfg = self._engine.catalog.ids, self.config
        base = order_id_base(self._origin)
        return [store.to_sim_order(int(i), self._now, cfg.room_id, cfg.aweme_id, ids, self._buyer_salt, base,
                                   self._delivery(int(i))) for i in visible]

    def _delivery(self, i: int) -> dict:
        """Order i's address and delivery times now (emulator.sim.delivery)."""
        store, viewers = self._engine.orders, self._engine.viewers
        buyer = int(store.col("buyer")[i])
        # the viewer store holds rows, not viewer indices (buyers keep theirs): look the buyer's city up by index
        city = int(viewers.values("city", np.array([buyer], dtype=np.int64))[0]) if buyer < viewers.n else -1
        return delivery_fields(self.config.seed, int(store.col("seq")[i]), buyer, city, int(store.col("pay")[i]),
                               int(store.col("ship")[i]), int(store.col("refund")[i]), self._now)

    # --- operator actions and events ------------------------------------------------------------------------
    def product_order(self) -> list[str]:
        ids = self._engine.catalog.ids
        return [ids[i] for i in self._engine.controls.order_at(self._second_now())]

    def set_product_order(self, product_ids: Sequence[str]) -> None:
        """The operator applies a product order from now on: a permutation of the current product ids."""
        wanted = [str(p) for p in product_ids]
        if sorted(wanted) != sorted(self._index):
            unknown = sorted(set(wanted) - set(self._index))
            missing = sorted(set(self._index) - set(wanted))
            raise ValueError(
                "the product order must list every product id exactly once"
                + (f"; unknown: {', '.join(unknown[:5])}" if unknown else "")
                + (f"; missing: {', '.join(missing[:5])}" if missing else "")
            )
        # the chunk in progress is re-simulated from its start on the next step: its past comes out identical
        Controls.put(self._engine.controls.orders, self._second_now(), tuple(self._index[p] for p in wanted))

    def set_explaining(self, product_id: str | None) -> None:
        """Pin the product the host explains (None: back to the host's own rotation), from now on."""
        if product_id is not None and str(product_id) not in self._index:
            raise ValueError(f"unknown product id {product_id!r}")
        value = None if product_id is None else self._index[str(product_id)]
        Controls.put(self._engine.controls.pinned, self._second_now(), value)

    def ab_effect(self, variant: str) -> float:
        """The hidden true relative effect of an A/B variant on conversion (and so on orders, GMV, GPM): 0 for the
        control "A"; else the config's, the scenario's, or one drawn from the seed and the variant's key."""
        if variant == C.AB_CONTROL:
            return 0.0
        for given in (self.config.ab_effect, self.scenario.ab_effect if self.scenario else None):
            if given is not None:
                return float(given)
        lo, hi = C.AB_EFFECT_RANGE
        return float(C.stream(self.config.seed, C.NS_AB, *map(ord, variant[:8])).uniform(lo, hi))

    def ab_variant(self) -> str | None:
        return self._ab_variant

    def set_ab_variant(self, variant: str | None) -> None:
        """The A/B variant the room runs from now on (None: no test); its true effect applies from this second."""
        if variant is not None and (not isinstance(variant, str) or not variant.strip() or len(variant) > 16):
            raise ValueError("variant must be a short key such as 'A' or 'B', or null")
        self._ab_variant = variant
        mult = 1.0 if variant is None else 1.0 + self.ab_effect(variant)
        Controls.put(self._engine.controls.ab, self._second_now(), mult)
        self.truth.ab_variant = variant
        self.truth.ab_effects = {**self.truth.ab_effects, **({variant: self.ab_effect(variant)} if variant else {})}

    def apply_event(self, event: ScenarioEvent) -> None:
        """Apply a scenario event now (its at_s is ignored: it starts at the current broadcast second)."""
        self._add_event(event, max(0, self._now - self._origin), len(self._engine.controls.events))
        self.truth.refresh(self.now_ts)

    def _add_event(self, event: ScenarioEvent, start: int, k: int) -> None:
        target = -1
        if event.kind == "viral_product":
            if event.target is None:
                target = int(C.stream(self.config.seed, C.NS_SETUP, 3, k + 1).integers(len(self._index)))
                event = dataclasses.replace(event, target=self._engine.catalog.ids[target])
            elif str(event.target) in self._index:
                target = self._index[str(event.target)]
            else:
                raise ValueError(f"viral_product target {event.target!r} is not a product of this room")
        end = start + int(round(event.duration_s))
        self._engine.controls.events.append(ActiveEvent(start, end, event, target))
