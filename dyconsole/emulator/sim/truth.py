"""The demo room's hidden truth, for tests and the emulator's truth endpoint: true concurrent viewers and
arrivals per second, the viewers past 3 minutes among them, realised stays, product appeal, the true effect of a product order, the events so far.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from dyconsole.emulator.scenarios import ScenarioEvent
from dyconsole.emulator.sim import config as C
from dyconsole.emulator.sim import products as P
from dyconsole.emulator.sim.delivery import truth_days
from dyconsole.emulator.sim.engine import COL, Engine

#: the room's typical audience, at which `expected_gmv_rate` is stated (share of viewers past 3 minutes)
NOMINAL_LONG_SHARE = 0.3
#: the mean stay of the dwell model (traffic.sample_dwell), seconds
TYPICAL_STAY_S = 130.0
#: the metrics (glossary keys) an A/B variant's true effect moves: it multiplies the chance a cart click orders
AB_APPLIES_TO: tuple[str, ...] = ("conversion_rate", "paid_orders_per_min", "gpm", "gmv_per_min")


class GroundTruth:
    """Public attributes are refreshed by the simulator after every step (numpy views, no copies). Reads the
    simulator's engine; the simulator passes its broadcast now to `refresh` (truth does not import it)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.concurrent: np.ndarray = np.zeros(0)  # true concurrent viewers, per simulated second
        self.entries: np.ndarray = np.zeros(0)  # arrivals per simulated second
        self.long_stay: np.ndarray = np.zeros(0)  # viewers present who entered 3 minutes or more ago, per second
        self.appeal: dict[str, float] = {}  # product id -> hidden appeal (base, before scenario effects)
        self.appeal_now: dict[str, float] = {}  # ... with the scenario effects of the last simulated second
        self.events: list[tuple[ScenarioEvent, float, float]] = []  # (event, start_ts, end_ts), begun so far
        #: A/B: the variant running now (None: no test), each variant's true relative effect, and the metrics it
        #: moves by that much in expectation (conversion per cart click scales every order)
        self.ab_variant: str | None = None
        self.ab_effects: dict[str, float] = {}
        self.ab_applies_to: tuple[str, ...] = AB_APPLIES_TO
        #: the room's typical concurrent audience (mean planned arrivals x typical stay), for expected_gmv_rate
        self.nominal_concurrent: float = engine.plan.nominal_arrivals() * TYPICAL_STAY_S
        #: province -> true median and p90 delivery days (emulator.sim.delivery)
        self.delivery_days: dict[str, dict[str, float]] = truth_days()

    def refresh(self, now: float) -> None:
        eng = self._engine
        e = eng.elapsed
        self.concurrent = eng.tally.column("concurrent", e)
        self.entries = eng.tally.column("entries", e)
        self.long_stay = eng.tally.column("long_stay", e)
        self.appeal = {pid: float(a) for pid, a in zip(eng.catalog.ids, eng.catalog.appeal)}
        now_appeal = self._appeal_now()
        self.appeal_now = {pid: float(a) for pid, a in zip(eng.catalog.ids, now_appeal)}
        self.events = [(ev.event, float(eng.origin + ev.start), float(eng.origin + ev.end))
                       for ev in eng.controls.events if eng.origin + ev.start <= now]

    def long_share(self) -> np.ndarray:
        """The true share of the viewers present past 3 minutes, per simulated second (NaN with nobody inside)."""
        return np.divide(self.long_stay, self.concurrent, out=np.full(len(self.concurrent), np.nan),
                         where=self.concurrent > 0)

    def dwell_mean_s(self) -> float:
        """Realised mean stay (seconds) of the viewers who have left."""
        total, count = self._engine.viewers.gone_stays(self._engine.elapsed)
        return total / count if count else 0.0

    def expected_gmv_rate(self, order: Sequence[str]) -> float:
        """Expected GMV (yuan per broadcast minute) under a product order, at the room's nominal audience,
        with product appeal as it is now (a viral product counts as viral). The true effect of an order."""
        eng = self._engine
        index = {pid: i for i, pid in enumerate(eng.catalog.ids)}
        try:
            idx = [index[str(pid)] for pid in order]
        except KeyError as err:
            raise ValueError(f"unknown product id {err.args[0]!r}") from None
        if sorted(idx) != list(range(len(index))):
            raise ValueError("the order must list every product exactly once")
        return 60.0 * P.expected_gmv_per_s(eng.catalog, idx, self._appeal_now(), self.nominal_concurrent,
                                           NOMINAL_LONG_SHARE)

    def _appeal_now(self) -> np.ndarray:
        eng = self._engine
        second = max(min(eng.elapsed, eng.duration) - 1, 0)
        return eng.catalog.appeal * eng.effects(second, second + 1)["appeal"][0]

    def order_rate_by_stay(self) -> dict[str, float]:
        """Live orders created per 1000 viewer-seconds, by the buyer's time in the room at ordering:
        'under_3min' and 'over_3min' (viewers past 3 minutes convert more)."""
        eng = self._engine
        e = eng.elapsed
        o, v = eng.orders, eng.viewers
        live = ~o.col("repurchase")
        stay = (o.col("create")[live] - eng.origin) - v.values("arrival", o.col("buyer")[live])
        long_seconds = float(eng.tally.column("long_stay", e).sum())
        short_seconds = float(eng.tally.column("concurrent", e).sum()) - long_seconds
        n_long = float((stay >= C.LONG_STAY_S).sum())
        n_short = float(len(stay)) - n_long
        return {"under_3min": 1000.0 * n_short / short_seconds if short_seconds else 0.0,
                "over_3min": 1000.0 * n_long / long_seconds if long_seconds else 0.0}

    def sales_7d_fen(self, start_ts: float, end_ts: float, window_s: float = 7 * 86_400.0) -> dict[str, int]:
        """The 7-day sales of a session [start_ts, end_ts] from the hidden order columns (true buyers, exact
        refund times), in fen: orders paid within the session net of those refunded within `window_s` of payment,
        plus every later order of the same buyers paid by the cut-off (end + `window_s`) net of those refunded by
        then. Keys: paid, refunded, repurchase (net), sales."""
        o = self._engine.orders
        pay, refund, fen, buyer = o.col("pay"), o.col("refund"), o.col("pay_fen"), o.col("buyer")
        cutoff = end_ts + window_s
        in_session = (pay >= start_ts) & (pay <= end_ts)
        refunded = in_session & (refund - pay <= window_s)
        later = (pay > end_ts) & (pay <= cutoff) & np.isin(buyer, buyer[in_session])
        kept_later = later & ~(refund <= cutoff)
        paid, back, again = (int(fen[m].sum()) for m in (in_session, refunded, kept_later))
        return {"paid": paid, "refunded": back, "repurchase": again, "sales": paid - back + again}
