"""The product click-surge hint: a product whose clicks jump against its own recent rate, per unit of exposure
(click_exposure.py), raises "商品X点击激增 → 延长讲解" once, like an alert.

Per product poll (`SurgeDetector.push`), each product's clicks and exposure accumulate in a CounterHistory and
the alert engine's change test judges them (core.alerts.change: Poisson likelihood ratio of the last
`recent_s` against the `baseline_s` before, upwards only, with `min_events`, `min_relative_change` and
`min_evidence`); a core.alerts.gate.Gate per product adds the pending time, keeps the hint up until the rate is
back near its level before the jump, then holds a cooldown. The defaults (SURGE_RULE) were chosen with
tests/benchmarks/bench_product_surge.py. A product added mid-show starts its own comparison; a counter that goes
down or an exposure that cannot be compared starts it afresh (no hint from the jump across it). Pure: time comes
in with each poll.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Iterable

from dyconsole.core.alerts.change import assess_change, has_recovered, recent_rate
from dyconsole.core.alerts.gate import FIRE, Gate
from dyconsole.core.alerts.history import CounterHistory
from dyconsole.core.alerts.rules import ChangeDirection, ChangeRule, Severity
from dyconsole.core.model import ProductSample
from dyconsole.core.products.click_exposure import ExplanationFactor, Interval, Reading, intervals

#: the test's settings (recent_s is replaced by the windows of SURGE_WINDOWS). Chosen on the demo room, seeds 1-5,
#: polls every 30 s (tests/benchmarks/bench_product_surge.py): min_evidence 10 with no pending time catches the
#: viral product within two polls in 4 of 5 seeds (the fifth needs 6: its 6x jump brought 6 clicks in two polls
#: where 2.6 were expected), at about 1 hint an hour on a normal broadcast of 34-38 products (2 without
#: impressions). 14 gives 0.5 an hour but 5-9 polls; a pending time of 30 s gives 0.1 an hour but 3-10 polls.
#: min_relative_change 2 (three times the rate): the statistical test decides, this floor only keeps a
#: significant but modest rise of a busy product from reading as a surge.
SURGE_RULE = ChangeRule(
    id="products.click_surge", name="商品点击激增", numerator=(), denominator=(), metric="product_click_rate",
    direction=ChangeDirection.UP, recent_s=60.0, baseline_s=1200.0, min_events=0.5, min_relative_change=2.0,
    min_evidence=10.0, pending_s=0.0, cooldown_s=600.0, severity=Severity.INFO,
)
#: (recent window s, extra evidence) judged at every poll, a jump is caught by the first that sees enough of it:
#: two polls, for a strong jump at once, and five minutes, for a product with few clicks whose jump shows only
#: in more of them (asked for more evidence: each window judged is one more chance of a false hint)
SURGE_WINDOWS: tuple[tuple[float, float], ...] = ((60.0, 0.0), (300.0, 4.0))
#: a comparison is judged only once its baseline (before the recent window) is this long: a product just listed,
#: moved to another band without impressions, or whose counter restarted, first gathers its own rate
MIN_BASELINE_S = 300.0


@dataclass(frozen=True, slots=True)
class SurgeHint:
    """A product's clicks jumped. Rates are clicks per unit of exposure (per impression when
    `by_impressions`, else per click of the room's other products), explanation-adjusted; `evidence` is the
    likelihood-ratio statistic; `since_ts` the estimated start of the jump."""

    product_id: str
    title: str
    at: float
    evidence: float
    rate_before: float
    rate_after: float
    by_impressions: bool
    since_ts: float | None = None

    @property
    def ratio(self) -> float:
        return self.rate_after / self.rate_before if self.rate_before > 0 else math.inf

    @property
    def message_zh(self) -> str:
        return f"商品{self.title or self.product_id}点击激增 → 延长讲解"

    @property
    def message_en(self) -> str:
        return f"Clicks on {self.title or self.product_id} surging → extend its demonstration"

    def message(self, lang: str = "zh") -> str:
        return self.message_zh if lang.startswith("zh") else self.message_en


@dataclass(slots=True)
class _Product:
    history: CounterHistory
    gate: Gate
    clicks: float = 0.0  # accumulated since the comparison (re)started
    exposure: float = 0.0
    by_impressions: bool = False
    reference: float = 0.0  # the rate before the jump, kept while the hint is up
    last_seen: float = -math.inf

    def restart(self, ts: float) -> None:
        self.history.clear()
        self.clicks = self.exposure = 0.0
        self.history.add(ts, 0.0, 0.0)


@dataclass(slots=True)
class SurgeDetector:
    """Feed every product poll in time order; returns the hints it raised. Not thread-safe; cheap."""

    rule: ChangeRule = SURGE_RULE
    windows: tuple[tuple[float, float], ...] = SURGE_WINDOWS
    _rules: tuple[ChangeRule, ...] = field(default=(), init=False)
    _products: dict[str, _Product] = field(default_factory=dict, init=False)
    _readings: dict[str, Reading] = field(default_factory=dict, init=False)
    _factor: ExplanationFactor = field(default_factory=ExplanationFactor, init=False)
    _last_ts: float | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        windows = sorted(self.windows or ((self.rule.recent_s, 0.0),))
        self._rules = tuple(replace(self.rule, recent_s=w, min_evidence=self.rule.min_evidence + extra)
                            for w, extra in windows)

    @property
    def active(self) -> list[str]:
        """Ids of the products whose hint is up."""
        return [pid for pid, p in self._products.items() if p.gate.active]

    def push(self, ts: float, products: Iterable[ProductSample]) -> list[SurgeHint]:
        if self._last_ts is not None and ts <= self._last_ts:
            return []
        titles: dict[str, str] = {}
        current: dict[str, Reading] = {}
        for sample in products:
            reading = Reading.from_sample(ts, sample)
            if reading is not None:
                current[sample.product_id] = reading
                titles[sample.product_id] = sample.title
        moved = intervals(self._readings, current, self._last_ts)
        for pid, interval in moved.items():
            self._factor.learn(pid, interval)
        hints: list[SurgeHint] = []
        for pid in current:
            state = self._products.get(pid)
            if state is None:
                state = self._products[pid] = _Product(CounterHistory(self._horizon_s),
                                                       Gate(self.rule.pending_s, self.rule.cooldown_s))
                state.restart(ts)
            elif pid in moved:
                self._accumulate(state, moved[pid], ts)
            state.last_seen = ts
            hint = self._judge(pid, titles[pid], state, ts)
            if hint is not None:
                hints.append(hint)
        self._readings.update(current)
        self._last_ts = ts
        self._forget(ts)
        return hints

    def _accumulate(self, state: _Product, interval: Interval, ts: float) -> None:
        weight = self._factor.weight(interval) if interval.comparable else None
        if weight is None or interval.by_impressions is not state.by_impressions and len(state.history) > 1:
            state.by_impressions = interval.by_impressions
            state.restart(ts)
            return
        state.by_impressions = interval.by_impressions
        state.clicks += interval.clicks
        state.exposure += interval.exposure * weight
        state.history.add(ts, state.clicks, state.exposure)

    @property
    def _horizon_s(self) -> float:
        return self._rules[-1].recent_s + self.rule.baseline_s

    def _judge(self, pid: str, title: str, state: _Product, ts: float) -> SurgeHint | None:
        if state.gate.active:  # back to the rate before the jump over the shortest window
            rate = recent_rate(state.history, ts, self._rules[0], state.reference)
            state.gate.step(ts, None, has_recovered(rate, state.reference, self._rules[0]))
            return None
        oldest = state.history.oldest_ts
        ready = [r for r in self._rules if oldest is not None and ts - r.recent_s - oldest >= MIN_BASELINE_S]
        judged = [a for a in (assess_change(state.history, ts, r) for r in ready) if a is not None]
        found = next((a for a in judged if a.detected), None)
        if state.gate.step(ts, (found is not None) if judged else None, None) != FIRE:
            return None
        assert found is not None
        state.reference = found.before
        return SurgeHint(pid, title, ts, found.evidence, found.before, found.after, state.by_impressions,
                         found.since_ts)

    def _forget(self, ts: float) -> None:
        """Drop products gone from the list for longer than the comparison reaches back."""
        for pid in [p for p, s in self._products.items() if ts - s.last_seen > self._horizon_s]:
            del self._products[pid]
            self._readings.pop(pid, None)
