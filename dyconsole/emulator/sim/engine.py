"""The broadcast model's state and its step: one chunk of broadcast seconds at a time, vectorised with numpy.

A step draws arrivals by source (organic impressions -> entries; ad spend -> ad impressions -> clicks that
enter), each viewer's attributes and stay, scenario effects (early leaving), concurrent viewers, interactions,
the product funnel (position and explanation -> impressions -> clicks -> cart -> orders) and the orders
themselves. Before a chunk is stepped its starting state is saved; stepping part of a chunk and later the
whole of it restores that state and re-draws the same past (see config.stream), so results never depend on
how time was split, and operator actions (the controls, in time order) take effect from the second they are
made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dyconsole.emulator.scenarios import ScenarioEvent
from dyconsole.emulator.sim import audience as A
from dyconsole.emulator.sim import config as C
from dyconsole.emulator.sim import products as P
from dyconsole.emulator.sim import traffic as T
from dyconsole.emulator.sim.host import HostState, run_host, slot_lengths
from dyconsole.emulator.sim.orders import UNIFORMS_PER_ORDER, OrderStore, item_count
from dyconsole.emulator.sim.tally import SecondTally
from dyconsole.emulator.sim.viewers import Histograms, ViewerStore

#: columns of the per-second table
SEC_COLUMNS: tuple[str, ...] = (
    "entries", "concurrent", "long_stay", "room_impressions", "likes", "comments", "shares", "follows",
    "fans_club", "gifts", "gift_amount", "ad_impressions", "ad_clicks", "spend", "product_impressions",
    "product_clicks", "cart_clicks",
)
COL = {name: i for i, name in enumerate(SEC_COLUMNS)}
#: interactions per effective viewer-second (viewers past 3 minutes count 2.5 x)
_INTERACT = np.array([0.03, 0.0005, 0.0001, 0.0001, 0.00002, 0.00005])
_GIFT_YUAN = np.array([0.1, 1.0, 5.2, 9.9, 52.0, 99.0])
_GIFT_P = np.array([0.45, 0.3, 0.12, 0.08, 0.04, 0.01])


@dataclass
class ActiveEvent:
    start: int  # broadcast seconds
    end: int
    event: ScenarioEvent
    target: int = -1  # product index, for viral_product


@dataclass
class Controls:
    """Operator and scenario inputs, each from a broadcast second on (time order)."""

    orders: list[tuple[int, tuple[int, ...]]]
    pinned: list[tuple[int, int | None]] = field(default_factory=list)
    events: list[ActiveEvent] = field(default_factory=list)
    #: the A/B variant running, as its true conversion multiplier (1.0: control or no test)
    ab: list[tuple[int, float]] = field(default_factory=lambda: [(0, 1.0)])

    def ab_multiplier(self, c0: int, c1: int) -> np.ndarray:
        """The A/B conversion multiplier of each second of [c0, c1)."""
        out = np.ones(c1 - c0)
        for k, (sec, mult) in enumerate(self.ab):
            end = self.ab[k + 1][0] if k + 1 < len(self.ab) else c1
            lo, hi = max(sec, c0), min(end, c1)
            if lo < hi:
                out[lo - c0:hi - c0] = mult
        return out

    def order_at(self, s: int) -> tuple[int, ...]:
        current = self.orders[0][1]
        for sec, order in self.orders:
            if sec > s:
                break
            current = order
        return current

    @staticmethod
    def put(timeline: list, second: int, value: object) -> None:
        """Set the value from `second` on (a later action in the same second replaces an earlier one)."""
        while timeline and timeline[-1][0] >= second:
            timeline.pop()
        timeline.append((second, value))


@dataclass
class Snapshot:
    c0: int
    n_viewers: int
    hist: Histograms
    n_orders: int
    next_seq: int
    stock: np.ndarray
    host: HostState
    departed_before: int
    long_before: int
    undo: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


class Engine:
    def __init__(self, seed: int, duration_s: int, origin: int, catalog: P.Catalog, arrivals: float = 1.0) -> None:
        self.seed, self.duration, self.origin, self.catalog = seed, duration_s, origin, catalog
        self.plan = T.plan_traffic(seed, duration_s, arrivals)
        self.viewers = ViewerStore(duration_s)
        self.orders = OrderStore()
        self.stock = catalog.stock0.copy()
        self.host = HostState()
        self.lengths = slot_lengths(seed)
        self.refund_p = P.refund_probability(catalog.appeal)
        self.controls = Controls(orders=[(0, catalog.initial_order)])
        n = len(catalog)
        self.tally = SecondTally(SEC_COLUMNS, C.CHUNK_S, duration_s, T.N_SOURCES, n)
        self.elapsed = 0
        self._snap: Snapshot | None = None
        #: the chunk whose streams' starting states are kept (`_rng`), and those states by draw
        self._streams_chunk = -1
        self._streams: dict[int, tuple[np.random.BitGenerator, dict]] = {}

    # --- stepping -------------------------------------------------------------------------------------------
    def run_to(self, target: int) -> None:
        """Simulate broadcast seconds up to `target` (exclusive)."""
        target = min(int(target), self.duration)
        while self.elapsed < target:
            c0 = (self.elapsed // C.CHUNK_S) * C.CHUNK_S
            c1 = min(c0 + C.CHUNK_S, self.duration)
            if self._snap is None or self._snap.c0 != c0:
                self.tally.begin_chunk(c0)
                self.viewers.compact(c0, self.orders.col("buyer"))
                self._snap = self._save(c0)
            elif self.elapsed > c0:
                self._restore(self._snap)
            self._step(c0, min(target, c1))

    def _save(self, c0: int) -> Snapshot:
        h = self.viewers.hist
        return Snapshot(c0, self.viewers.n, h.copy(), self.orders.n, self.orders.next_seq, self.stock.copy(),
                        self.host.copy(), int(h.departures[:c0].sum()),
                        int(h.long_start[:c0].sum() - h.long_end[:c0].sum()))

    def _restore(self, snap: Snapshot) -> None:
        for idx, old in reversed(snap.undo):
            self.viewers.undo_departures(idx, old)
        snap.undo.clear()
        self.viewers.truncate(snap.n_viewers, snap.hist)
        self.orders.truncate(snap.n_orders, snap.next_seq)
        self.stock = snap.stock.copy()
        self.host = snap.host.copy()
        self.elapsed = snap.c0

    def _rng(self, c0: int, draw: int) -> np.random.Generator:
        """The chunk's stream `draw` from its start (config.stream). A chunk stepped in parts is re-stepped from its
        start at every call (each poll of the room), so each stream's starting state is kept for the chunk: set
        back, not seeded again (seeding is most of a short step's cost; the draws are the same)."""
        chunk = c0 // C.CHUNK_S
        if self._streams_chunk != chunk:
            self._streams_chunk, self._streams = chunk, {}
        kept = self._streams.get(draw)
        if kept is None:
            bits = C.stream(self.seed, C.NS_CHUNK, chunk, draw).bit_generator
            kept = self._streams[draw] = (bits, bits.state)
        bits, start = kept
        bits.state = start
        return np.random.Generator(bits)

    def effects(self, c0: int, c1: int) -> dict[str, np.ndarray]:
        """Scenario effects for each second of [c0, c1)."""
        b, n = c1 - c0, len(self.catalog)
        fx = {"arrivals": np.ones(b), "dwell": np.ones(b), "surge": np.zeros(b),
              "conversion": self.controls.ab_multiplier(c0, c1), "appeal": np.ones((b, n))}
        for ev in self.controls.events:
            lo, hi = max(ev.start, c0) - c0, min(ev.end, c1) - c0
            if lo >= hi:
                continue
            m = float(ev.event.magnitude)
            kind = ev.event.kind
            if kind == "viewer_drop":
                fx["arrivals"][lo:hi] *= m
                fx["dwell"][lo:hi] *= np.sqrt(m)
            elif kind == "surge":
                fx["surge"][lo:hi] += max(m - 1.0, 0.0)
            elif kind == "conversion_collapse":
                fx["conversion"][lo:hi] *= m
            elif kind == "viral_product":
                fx["appeal"][lo:hi, ev.target] *= m
        return fx

    def _step(self, c0: int, c1: int) -> None:
        b, rows, cat = c1 - c0, slice(c0, c1), self.catalog
        fx = self.effects(c0, c1)
        # arrivals: organic impressions -> entries; ad spend -> impressions -> clicks (each click enters)
        organic = self.plan.organic[rows] * fx["arrivals"][:, None]
        org_impr = self._rng(c0, 1).poisson(organic / C.ENTER_PER_IMPRESSION)
        entries = self._rng(c0, 2).binomial(org_impr, C.ENTER_PER_IMPRESSION)
        spend = self.plan.spend[rows] + T.surge_spend(self.plan, rows, fx["surge"])
        ad_impr = self._rng(c0, 3).poisson(spend / np.array(self.plan.cpm) * 1000.0)
        ad_clicks = self._rng(c0, 4).binomial(ad_impr, C.AD_CTR)
        entries[:, list(T.PAID_IDX)] = ad_clicks
        per_second = entries.sum(axis=1)
        self._add_viewers(c0, entries, fx["dwell"])
        for ev in self.controls.events:
            if ev.event.kind == "viewer_drop" and c0 <= ev.start < c1:
                self._leave_early(ev)
        # concurrent viewers, and those past 3 minutes
        h = self.viewers.hist
        snap = self._snap
        assert snap is not None
        concurrent = snap.n_viewers + np.cumsum(per_second) - snap.departed_before - np.cumsum(h.departures[rows])
        long_stay = snap.long_before + np.cumsum(h.long_start[rows] - h.long_end[rows])
        effective = concurrent + 1.5 * long_stay
        acts = self._rng(c0, 5).poisson(effective[:, None] * _INTERACT[None, :])
        gift_kind = self._rng(c0, 6).choice(len(_GIFT_YUAN), size=int(acts[:, 5].sum()), p=_GIFT_P)
        gift_amount = np.bincount(np.repeat(np.arange(b), acts[:, 5]), weights=_GIFT_YUAN[gift_kind], minlength=b)
        # the product funnel
        sold_out = self.stock <= 0
        explaining = run_host(self.host, c0, c1, self.lengths, self.controls.order_at, self.controls.pinned, sold_out)
        rank = self._ranks(c0, c1)
        is_explained = np.arange(len(cat))[None, :] == explaining[:, None]
        appeal = cat.appeal[None, :] * fx["appeal"]
        lam = concurrent[:, None] * C.PRODUCT_VIEW_RATE * P.position_weight(rank)
        lam = lam * np.where(is_explained, C.EXPLAIN_BOOST, 1.0)
        impressions = self._rng(c0, 7).poisson(lam)
        clicks = self._rng(c0, 8).binomial(impressions, P.click_through(appeal, is_explained))
        carts = self._rng(c0, 9).binomial(clicks, C.CART_P)
        long_share = np.divide(long_stay, concurrent, out=np.zeros(b), where=concurrent > 0)
        p_create = P.create_probability(appeal, fx["conversion"][:, None], long_share[:, None])
        created = self._rng(c0, 10).binomial(carts, p_create)
        self._create_orders(c0, c1, created)
        # the per-second record
        sec = np.zeros((b, len(SEC_COLUMNS)))
        sec[:, COL["entries"]] = per_second
        sec[:, COL["concurrent"]] = concurrent
        sec[:, COL["long_stay"]] = long_stay
        sec[:, COL["room_impressions"]] = org_impr.sum(axis=1) + ad_impr.sum(axis=1)
        for j, name in enumerate(("likes", "comments", "shares", "follows", "fans_club", "gifts")):
            sec[:, COL[name]] = acts[:, j]
        sec[:, COL["gift_amount"]] = gift_amount
        sec[:, COL["ad_impressions"]] = ad_impr.sum(axis=1)
        sec[:, COL["ad_clicks"]] = ad_clicks.sum(axis=1)
        sec[:, COL["spend"]] = spend.sum(axis=1)
        sec[:, COL["product_impressions"]] = impressions.sum(axis=1)
        sec[:, COL["product_clicks"]] = clicks.sum(axis=1)
        sec[:, COL["cart_clicks"]] = carts.sum(axis=1)
        self.tally.write(c0, c1, sec, entries, impressions, clicks)
        self.elapsed = c1

    def _ranks(self, c0: int, c1: int) -> np.ndarray:
        """0-based list position of every product at each second of [c0, c1)."""
        n = len(self.catalog)
        rank = np.empty((c1 - c0, n))
        s = c0
        changes = [sec for sec, _ in self.controls.orders if c0 < sec < c1] + [c1]
        for upto in changes:
            order = self.controls.order_at(s)
            rank[s - c0:upto - c0, list(order)] = np.arange(n)
            s = upto
        return rank

    def _add_viewers(self, c0: int, entries: np.ndarray, dwell_factor: np.ndarray) -> None:
        counts = entries.ravel()
        k = int(counts.sum())
        if k == 0:
            return
        cells = np.repeat(np.arange(counts.size), counts)
        second_in_chunk, source = np.divmod(cells, T.N_SOURCES)
        u = self._rng(c0, 11).random((k, 6))
        dwell = T.sample_dwell(u[:, 3], u[:, 4], u[:, 5], source)
        dwell = np.maximum(1, np.rint(dwell * dwell_factor[second_in_chunk])).astype(np.int64)
        arrival = c0 + second_in_chunk
        gender, age = A.pick(A.GENDER_CDF, u[:, 1]), A.pick(A.AGE_CDF, u[:, 2])
        self.viewers.append(
            arrival=arrival, departure=np.minimum(arrival + dwell, self.duration), source=source.astype(np.int8),
            city=A.pick(A.CITY_CDF, u[:, 0]), gender=gender, age=age,
        )

    def _leave_early(self, ev: ActiveEvent) -> None:
        """At a viewer drop, most present viewers leave within two minutes (share 1 - magnitude)."""
        present = self.viewers.present_rows(ev.start)
        if len(present) == 0:
            return
        u = C.stream(self.seed, C.NS_LEAVE, ev.start).random((len(present), 2))
        old = self.viewers.col("departure")[present].copy()
        leave_at = ev.start + 1 + (u[:, 1] * 120).astype(np.int64)
        new = np.where(u[:, 0] < 1.0 - float(ev.event.magnitude), np.minimum(old, leave_at), old)
        assert self._snap is not None
        self._snap.undo.append((present, old))
        self.viewers.set_departures(present, new)

    def _create_orders(self, c0: int, c1: int, created: np.ndarray) -> None:
        seconds, products = np.nonzero(created)
        reps = created[seconds, products]
        seconds, products = np.repeat(seconds, reps), np.repeat(products, reps)
        if len(seconds) == 0:
            return
        u = self._rng(c0, 12).random((len(seconds), UNIFORMS_PER_ORDER))
        v = self.viewers
        arrival, departure = v.col("arrival"), v.col("departure")
        around = np.nonzero((departure > c0) & (arrival < c1))[0]
        for i in range(len(seconds)):
            s, p = c0 + int(seconds[i]), int(products[i])
            units = min(item_count(u[i, 12]), int(self.stock[p]))
            if units <= 0:
                continue
            present = around[(arrival[around] <= s) & (departure[around] > s)]
            if len(present) == 0:
                continue
            weight = v.propensity(present) * np.where(s - arrival[present] >= C.LONG_STAY_S,
                                                      C.LONG_STAY_BUY_WEIGHT, 1.0)
            cdf = np.cumsum(weight)
            row = int(present[min(int(np.searchsorted(cdf, u[i, 13] * cdf[-1], side="right")), len(present) - 1)])
            self.stock[p] -= units
            self.orders.create(ts=self.origin + s, product=p, price_fen=int(self.catalog.price_fen[p]),
                               item_num=units, buyer=int(v.col("gid")[row]), source=int(v.col("source")[row]),
                               refund_p=float(self.refund_p[p]), u=u[i])
