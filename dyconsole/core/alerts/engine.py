"""The alert engine: evaluates rules against one frame of live metrics at a time and says what fired or resolved.

Call it from the poll loop: build a `MetricFrame` per room poll (broadcast time in, no clock read here) and
pass it to `AlertEngine.evaluate`, which returns the `AlertEvent`s of this frame ("fired" / "resolved").
`AlertEngine.active` lists the alerts currently up. `replay(rules, frames)` runs the same engine over a past
session ("try on a past session": when the rules would have fired).

Semantics (gate.py has the state machine): a missing value (None or NaN) neither fires nor resolves a rule;
it pauses the pending timer. Per-product rules keep one alert per product (`AlertEvent.subject` = product id).
Frames must come in time order; a frame older than the previous one is ignored. `norms` and `baseline` may be
replaced between frames (plain attributes); rules are replaced with `set_rules`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

from dyconsole.core.alerts.change import assess_change, has_recovered, poisson_one_sample_g, recent_rate
from dyconsole.core.alerts.gate import FIRE, RESOLVE, Gate
from dyconsole.core.alerts.history import CounterHistory
from dyconsole.core.alerts.messages import (
    CHINA_TZ_OFFSET_S,
    change_message,
    no_data_message,
    norm_message,
    threshold_message,
)
from dyconsole.core.alerts.norms import Baseline, NormTable
from dyconsole.core.alerts.rules import (
    DATA_AGE,
    ChangeDirection,
    ChangeRule,
    Direction,
    NoDataRule,
    NormRule,
    NormSource,
    ProductNormRule,
    Rule,
    Severity,
    ThresholdRule,
)
from dyconsole.core.derived import ONLINE_IS_ESTIMATE, PRODUCT_CLICKS, PRODUCT_SHOWS
from dyconsole.core.model import ConnectionState, ProductSample

DOWN = ConnectionState.DOWN.value
#: the derived online count, and the flag saying it is the console's estimate (core.derived)
ONLINE = "online"


@dataclass(frozen=True, slots=True)
class ProductFrame:
    """One product's cumulative clicks and impressions at the frame's time (None when missing)."""

    product_id: str
    title: str
    clicks: float | None
    impressions: float | None

    @classmethod
    def from_sample(cls, sample: ProductSample) -> "ProductFrame":
        return cls(sample.product_id, sample.title, sample.values.get(PRODUCT_CLICKS),
                   sample.values.get(PRODUCT_SHOWS))


@dataclass(frozen=True, slots=True)
class MetricFrame:
    """What the engine sees at one moment.

    ts: broadcast time (epoch s); elapsed_s: broadcast seconds since the session started (for the baseline);
    values: raw room metrics (cumulative counters included, for change rules) and derived metrics by name;
    products: the latest product stats; source_state: "ok" / "degraded" / "down" (core.model.ConnectionState);
    data_age_s: seconds since the last good room sample (None: none yet); category: the room's product
    category for the norm table (None: the ANY_CATEGORY row).
    """

    ts: float
    elapsed_s: float | None
    values: Mapping[str, float | None]
    products: Sequence[ProductFrame] = ()
    source_state: str = "ok"
    data_age_s: float | None = None
    category: str | None = None

    def value(self, name: str) -> float | None:
        v = self.data_age_s if name == DATA_AGE and name not in self.values else self.values.get(name)
        if v is None or not math.isfinite(v):
            return None
        return float(v)


@dataclass(frozen=True, slots=True)
class AlertEvent:
    """An alert fired or resolved. `threshold` is the level crossed (for a norm rule: margin x norm; for a
    change rule: the rate before the change moved by min_relative_change); `reference` is the norm or the rate
    before the change; `since_ts` the estimated start of a change."""

    kind: str  # "fired" | "resolved"
    rule_id: str
    rule_name: str
    rule_kind: str
    metric: str
    severity: Severity
    ts: float
    value: float | None
    threshold: float | None
    message_zh: str
    message_en: str
    subject: str | None = None  # product id for per-product rules
    subject_name: str | None = None  # product title
    reference: float | None = None
    since_ts: float | None = None

    @property
    def key(self) -> tuple[str, str | None]:
        return self.rule_id, self.subject


@dataclass(slots=True)
class _ChangeState:
    history: CounterHistory
    reference: float = 0.0
    since_ts: float | None = None


@dataclass(slots=True)
class _Level:
    """What a rule says about one subject this frame."""

    condition: bool | None
    recovered: bool | None
    value: float | None
    threshold: float | None
    reference: float | None = None
    source_down: bool = False


@dataclass(slots=True)
class AlertEngine:
    """Evaluates `rules` frame by frame. Not thread-safe; cheap (a few microseconds a rule a frame)."""

    rules: Sequence[Rule]
    norms: NormTable = field(default_factory=NormTable)
    baseline: Baseline | None = None
    tz_offset_s: float = CHINA_TZ_OFFSET_S
    _gates: dict[tuple[str, str | None], Gate] = field(default_factory=dict, init=False)
    _active: dict[tuple[str, str | None], AlertEvent] = field(default_factory=dict, init=False)
    _changes: dict[str, _ChangeState] = field(default_factory=dict, init=False)
    _products: dict[str, dict[str, CounterHistory]] = field(default_factory=dict, init=False)
    _last_ts: float = field(default=-math.inf, init=False)

    def __post_init__(self) -> None:
        self.rules = tuple(self.rules)
        ids = [r.id for r in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError("rule ids must be unique")

    @property
    def active(self) -> list[AlertEvent]:
        """The "fired" event of every alert currently up, oldest first."""
        return list(self._active.values())

    def set_rules(self, rules: Iterable[Rule]) -> list[AlertEvent]:
        """Replace the rules. Unchanged rules keep their state; an active alert of a rule removed, disabled or
        edited is resolved (returned as "resolved" events so banners go away)."""
        new = tuple(rules)
        if len({r.id for r in new}) != len(new):
            raise ValueError("rule ids must be unique")
        kept = {r.id for r in new if r.enabled and r in self.rules}
        events: list[AlertEvent] = []
        for key, fired in list(self._active.items()):
            if key[0] not in kept:
                events.append(_cleared(fired, self._last_ts if math.isfinite(self._last_ts) else fired.ts))
                del self._active[key]
        self._gates = {k: g for k, g in self._gates.items() if k[0] in kept}
        self._changes = {k: s for k, s in self._changes.items() if k in kept}
        self._products = {k: s for k, s in self._products.items() if k in kept}
        self.rules = new
        return events

    def evaluate(self, frame: MetricFrame) -> list[AlertEvent]:
        """Feed one frame; returns the events it caused (in rule order)."""
        if frame.ts < self._last_ts:
            return []
        self._last_ts = frame.ts
        events: list[AlertEvent] = []
        for rule in self.rules:
            if not rule.enabled:
                continue
            if isinstance(rule, ProductNormRule):
                for product in frame.products:
                    level = self._product_level(rule, product, frame)
                    self._step(rule, level, frame, events, product)
            elif isinstance(rule, ChangeRule):
                self._step(rule, self._change_level(rule, frame), frame, events)
            else:
                self._step(rule, self._level(rule, frame), frame, events)
        return events

    # --- levels ------------------------------------------------------------------------------------------
    def _norm(self, source: NormSource, metric: str, frame: MetricFrame) -> float | None:
        if source is NormSource.BASELINE:
            return None if self.baseline is None else self.baseline.value(metric, frame.elapsed_s)
        return self.norms.get(frame.category, metric)

    def _level(self, rule: Rule, frame: MetricFrame) -> _Level:
        if isinstance(rule, NoDataRule):
            raw_age = frame.values.get(DATA_AGE, frame.data_age_s)  # an infinite age is stale, not missing
            down = rule.when_down and str(getattr(frame.source_state, "value", frame.source_state)) == DOWN
            bad = down or (raw_age is not None and raw_age > rule.max_age_s)
            return _Level(bad, not bad, frame.value(DATA_AGE), rule.max_age_s, source_down=down)
        value = frame.value(rule.metric)
        if isinstance(rule, ThresholdRule):
            if value is None:
                return _Level(None, None, None, rule.threshold)
            below = rule.direction is Direction.BELOW
            cond = value < rule.threshold if below else value > rule.threshold
            rec = value >= rule.recovery_level if below else value <= rule.recovery_level
            return _Level(cond, rec, value, rule.threshold)
        assert isinstance(rule, NormRule)
        return _below_norm(value, self._norm(rule.norm_source, rule.metric, frame), rule.margin, rule.recovery_level)

    def _product_level(self, rule: ProductNormRule, product: ProductFrame, frame: MetricFrame) -> _Level:
        histories = self._products.setdefault(rule.id, {})
        history = histories.setdefault(product.product_id, CounterHistory(rule.window_s))
        if product.clicks is not None and product.impressions is not None:
            if math.isfinite(product.clicks) and math.isfinite(product.impressions):
                history.add(frame.ts, product.clicks, product.impressions)
        d = history.delta(frame.ts - rule.window_s)
        norm = self._norm(rule.norm_source, rule.metric, frame)
        if d is None or d[1] <= 0 or d[1] < rule.min_impressions:
            return _below_norm(None, norm, rule.margin, rule.recovery_level)
        clicks, impressions = d
        level = _below_norm(clicks / impressions, norm, rule.margin, rule.recovery_level)
        if level.condition and norm is not None:  # clearly below, not just by the noise of small counts
            level.condition = poisson_one_sample_g(clicks, rule.margin * norm * impressions) >= rule.min_evidence
        return level

    def _change_level(self, rule: ChangeRule, frame: MetricFrame) -> _Level:
        state = self._changes.get(rule.id)
        if state is None:
            state = self._changes[rule.id] = _ChangeState(CounterHistory(rule.recent_s + rule.baseline_s))
        num, den = _sum(frame, rule.numerator), _sum(frame, rule.denominator)
        if num is not None and den is not None:
            state.history.add(frame.ts, num, den)
        gate = self._gates.get((rule.id, None))
        if gate is not None and gate.active:
            rate = recent_rate(state.history, frame.ts, rule, state.reference)
            return _Level(None, has_recovered(rate, state.reference, rule), rate, None, state.reference)
        a = assess_change(state.history, frame.ts, rule)
        if a is None:
            return _Level(None, None, None, None)
        state.reference, state.since_ts = a.before, a.since_ts
        down = a.after < a.before if rule.direction is ChangeDirection.BOTH else rule.direction is ChangeDirection.DOWN
        limit = a.before * (1 - rule.min_relative_change if down else 1 + rule.min_relative_change)
        return _Level(a.detected, None, a.after, limit, a.before)

    # --- transitions -------------------------------------------------------------------------------------
    def _step(self, rule: Rule, level: _Level, frame: MetricFrame, events: list[AlertEvent],
              product: ProductFrame | None = None) -> None:
        key = (rule.id, None if product is None else product.product_id)
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = Gate(rule.pending_s, rule.cooldown_s)
        transition = gate.step(frame.ts, level.condition, level.recovered)
        if transition is None:
            return
        fired = transition == FIRE
        zh, en = self._message(rule, level, fired, product, frame)
        previous = self._active.get(key)
        event = AlertEvent(
            kind=transition, rule_id=rule.id, rule_name=rule.name, rule_kind=rule.kind, metric=rule.metric,
            severity=rule.severity, ts=frame.ts, value=level.value,
            threshold=level.threshold if fired or previous is None else previous.threshold,
            message_zh=zh, message_en=en, subject=key[1], subject_name=None if product is None else product.title,
            reference=level.reference if fired or previous is None else previous.reference,
            since_ts=self._changes[rule.id].since_ts if isinstance(rule, ChangeRule) else None,
        )
        if fired:
            self._active[key] = event
        else:
            self._active.pop(key, None)
        events.append(event)

    def _message(self, rule: Rule, level: _Level, fired: bool, product: ProductFrame | None,
                 frame: MetricFrame) -> tuple[str, str]:
        if isinstance(rule, ThresholdRule):
            shown = rule.threshold if fired else rule.recovery_level
            estimate = rule.metric == ONLINE and bool(frame.value(ONLINE_IS_ESTIMATE))
            return threshold_message(rule.metric, level.value, shown, rule.direction is Direction.BELOW, fired,
                                     estimate)
        if isinstance(rule, (NormRule, ProductNormRule)):
            norm = level.reference if level.reference is not None else math.nan
            return norm_message(rule.metric, level.value, norm, rule.margin, rule.norm_source, fired,
                                None if product is None else (product.title or product.product_id))
        if isinstance(rule, ChangeRule):
            state = self._changes[rule.id]
            after = level.value if level.value is not None else state.reference
            return change_message(rule.metric, state.reference, after, state.since_ts, fired, self.tz_offset_s)
        assert isinstance(rule, NoDataRule)
        return no_data_message(level.source_down, level.value, rule.max_age_s, fired)


def _below_norm(value: float | None, norm: float | None, margin: float, recovery: float) -> _Level:
    if value is None or norm is None:
        return _Level(None, None, value, None if norm is None else norm * margin, norm)
    return _Level(value < margin * norm, value >= recovery * norm, value, margin * norm, norm)


def _sum(frame: MetricFrame, names: Sequence[str]) -> float | None:
    total = 0.0
    for name in names:
        v = frame.value(name)
        if v is None:
            return None
        total += v
    return total


def _cleared(fired: AlertEvent, ts: float) -> AlertEvent:
    return replace(fired, kind=RESOLVE, ts=ts, message_zh="规则已停用或修改，告警解除",
                   message_en="Rule disabled or changed: alert cleared")


def replay(
    rules: Sequence[Rule],
    frames: Iterable[MetricFrame],
    norms: NormTable | None = None,
    baseline: Baseline | None = None,
    tz_offset_s: float = CHINA_TZ_OFFSET_S,
) -> list[AlertEvent]:
    """"Try on a past session": every event the rules would have raised over these frames, in order."""
    engine = AlertEngine(rules, norms or NormTable(), baseline, tz_offset_s)
    events: list[AlertEvent] = []
    for frame in frames:
        events.extend(engine.evaluate(frame))
    return events
