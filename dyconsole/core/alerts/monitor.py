"""The alert monitor: the poll stream in, alert events out. A pure adapter between the poll events (a
`core.feed.PollFanOut` listener: `fanout.add(monitor)`) and the `AlertEngine`, used alike by the console window
(through the alert service) and the headless recorder; no Qt, no I/O, no clock of its own (time comes with the
polls).

Per room poll: the sample's raw values and its derived metrics (per-minute rates, ratios, online: derived once by
the fan-out; `on_room(sample)` alone, as in a replay, derives them with the monitor's own `Deriver`) make one
`MetricFrame`, and the engine's events go to `on_event`. A failed room poll (a gap, or a stored gap
sample) is a frame with no values: threshold rules pause, the no-data rule sees the data age grow. A change of
the source's state (`on_health`) is evaluated at once, so "source down" does not wait for the next poll.
Product stats go with the next room frame (the engine judges products once per product poll, on fresh counts).
`tick(ts)` evaluates an empty frame when no poll at all has arrived for `stale_after_s` (a hung source).

Warm-up: a room starts empty, so a "below" level (online below 500) would fire at every start. A metric that
"below" threshold rules watch is therefore withheld (missing: those rules wait) until it has once reached the
highest recovery level of those rules, or until `warmup_s` broadcast seconds have passed, whichever comes first.

Baseline rules: with a `baseline_loader`, the room's own baseline is asked for (room id, rules) when the room
becomes known and when the rules change what they compare with it; without one, `set_baseline` sets it.

`replay_session(...)` feeds a cached session through the same monitor: "try on a past session".
"""

from __future__ import annotations

import math
from typing import Callable, Iterable, Mapping, Sequence

from dyconsole.core.alerts.baseline import baseline_metrics
from dyconsole.core.alerts.defaults import EXAMPLE_NORMS
from dyconsole.core.alerts.engine import AlertEngine, AlertEvent, MetricFrame, ProductFrame
from dyconsole.core.alerts.messages import CHINA_TZ_OFFSET_S
from dyconsole.core.alerts.norms import Baseline, NormTable
from dyconsole.core.alerts.rules import DATA_AGE, Direction, Rule, ThresholdRule
from dyconsole.core.derived import Deriver, is_gap
from dyconsole.core.feed import (
    Gap,
    HealthChanged,
    PollHandlers,
    ProductsPolled,
    RoomInfoChanged,
    RoomPolled,
)
from dyconsole.core.model import (
    ConnectionState,
    ProductSample,
    RoomInfo,
    RoomSample,
    RoomStatus,
    SourceHealth,
)

EventCallback = Callable[[AlertEvent], None]
#: (room id, rules) -> the room's baseline from its past sessions (None: none known)
BaselineLoader = Callable[[str, Sequence[Rule]], "Baseline | None"]
#: with no poll at all for this long (broadcast seconds), `tick` evaluates an empty frame
DEFAULT_STALE_AFTER_S = 15.0
#: "below" levels are judged at the latest this long after the broadcast started (or once first reached)
DEFAULT_WARMUP_S = 900.0


class AlertMonitor:
    """A poll listener that evaluates alert rules on every room poll and reports events to `on_event`."""

    def __init__(
        self,
        rules: Sequence[Rule],
        on_event: EventCallback | None = None,
        *,
        norms: NormTable = EXAMPLE_NORMS,
        baseline: Baseline | None = None,
        category: str | None = None,
        tz_offset_s: float = CHINA_TZ_OFFSET_S,
        stale_after_s: float = DEFAULT_STALE_AFTER_S,
        warmup_s: float = DEFAULT_WARMUP_S,
        baseline_loader: BaselineLoader | None = None,
    ) -> None:
        self.engine = AlertEngine(rules, norms, baseline, tz_offset_s)
        self.baseline_loader = baseline_loader
        self.warmup_s = warmup_s
        self._armed: set[str] = set()  # metrics whose "below" levels are judged
        self._arm_levels: dict[str, float] = {}
        self._set_arm_levels()
        self.on_event = on_event
        self.category = category
        self.stale_after_s = stale_after_s
        self.events: list[AlertEvent] = []  # every event so far, in order
        self.frames = 0
        self._deriver = Deriver()
        self._start_ts: float | None = None
        self._room_id = ""
        self._state = ConnectionState.OK
        self._last_good_ts: float | None = None
        self._last_ts = -math.inf
        self._fresh_products: list[ProductFrame] = []

    # --- what callers read and change ----------------------------------------------------------------------
    @property
    def rules(self) -> tuple[Rule, ...]:
        return tuple(self.engine.rules)

    @property
    def active(self) -> list[AlertEvent]:
        return self.engine.active

    @property
    def source_state(self) -> ConnectionState:
        return self._state

    def set_rules(self, rules: Iterable[Rule]) -> list[AlertEvent]:
        """Replace the rules; an alert of a rule removed, disabled or edited is resolved (events reported)."""
        wanted_before = baseline_metrics(self.engine.rules)
        events = self.engine.set_rules(rules)
        self._set_arm_levels()
        if baseline_metrics(self.engine.rules) != wanted_before:
            self._load_baseline()
        for event in events:
            self._emit(event)
        return events

    def set_baseline(self, baseline: Baseline | None) -> None:
        self.engine.baseline = baseline

    def set_norms(self, norms: NormTable) -> None:
        self.engine.norms = norms

    # --- the polls -------------------------------------------------------------------------------------------
    def poll_handlers(self) -> PollHandlers:
        """The room, the products and the source's state (core.feed.PollListener); the room already derived."""
        return {
            RoomInfoChanged: lambda e: self.on_room_info(e.info),
            RoomPolled: lambda e: self._room(e.sample, e.derived),
            ProductsPolled: lambda e: self.on_products(e.ts, e.products),
            Gap: lambda e: self._room_gap(e, derive=False),
            HealthChanged: lambda e: self.on_health(e.health),
        }

    def on_room_info(self, info: RoomInfo) -> None:
        new_room = info.room_id != self._room_id
        self._room_id = info.room_id
        if info.start_time is not None:
            self._start_ts = info.start_time
        if new_room:
            self._load_baseline()

    def _load_baseline(self) -> None:
        if self.baseline_loader is not None and self._room_id and baseline_metrics(self.engine.rules):
            self.engine.baseline = self.baseline_loader(self._room_id, self.rules)

    def on_room(self, sample: RoomSample) -> None:
        """A room sample (a stored gap sample included), derived here: for a monitor fed without a fan-out."""
        if sample.ts >= self._last_ts:  # a late answer: the engine takes frames in time order only
            self._room(sample, self._deriver.push(sample))

    def _room(self, sample: RoomSample, derived: Mapping[str, float | None]) -> None:
        if sample.ts < self._last_ts:
            return  # a late answer: the engine takes frames in time order only
        if is_gap(sample):
            self._evaluate(sample.ts, {}, self._age(sample.ts))
            return
        if self._start_ts is None and sample.status is RoomStatus.LIVING:
            self._start_ts = sample.ts
        self._last_good_ts = sample.ts
        if self._state is ConnectionState.DOWN:
            self._state = ConnectionState.OK  # data is flowing: the poller's "ok" may follow
        values: dict[str, float | None] = {**sample.values, **derived, DATA_AGE: 0.0}
        self._withhold_until_armed(sample.ts, values)
        self._evaluate(sample.ts, values, 0.0)

    def on_products(self, ts: float, products: Sequence[ProductSample]) -> None:
        self._fresh_products = [ProductFrame.from_sample(p) for p in products]

    def on_gap(self, gap: Gap) -> None:
        """A failed poll, for a monitor fed without a fan-out (its own derived rates restart)."""
        self._room_gap(gap, derive=True)

    def _room_gap(self, gap: Gap, derive: bool) -> None:
        if gap.kind == "room" and gap.ts >= self._last_ts:
            if derive:
                self._deriver.push(RoomSample(gap.ts, self._room_id, RoomStatus.UNKNOWN, {}))  # rates restart
            self._evaluate(gap.ts, {}, self._age(gap.ts))

    def on_health(self, health: SourceHealth) -> None:
        self._state = health.state
        ts = health.changed_at if health.changed_at is not None else self._last_ts
        if math.isfinite(ts):
            self._evaluate(max(ts, self._last_ts), {}, self._age(ts))

    def tick(self, ts: float) -> list[AlertEvent]:
        """Evaluate an empty frame if nothing has been evaluated for `stale_after_s` (returns its events)."""
        if not math.isfinite(self._last_ts) or ts - self._last_ts < self.stale_after_s:
            return []
        return self._evaluate(ts, {}, self._age(ts))

    # --- warm-up ---------------------------------------------------------------------------------------------
    def _set_arm_levels(self) -> None:
        levels: dict[str, float] = {}
        for rule in self.engine.rules:
            if isinstance(rule, ThresholdRule) and rule.enabled and rule.direction is Direction.BELOW:
                levels[rule.metric] = max(levels.get(rule.metric, -math.inf), rule.recovery_level)
        self._arm_levels = levels

    def _withhold_until_armed(self, ts: float, values: dict[str, float | None]) -> None:
        warm = self._start_ts is not None and ts - self._start_ts >= self.warmup_s
        for metric, level in self._arm_levels.items():
            if metric in self._armed:
                continue
            v = values.get(metric)
            if warm or (v is not None and v >= level):
                self._armed.add(metric)
            else:
                values[metric] = None

    # --- frames ----------------------------------------------------------------------------------------------
    def _age(self, ts: float) -> float | None:
        return None if self._last_good_ts is None else max(0.0, ts - self._last_good_ts)

    def _evaluate(self, ts: float, values: dict[str, float | None], age: float | None) -> list[AlertEvent]:
        elapsed = None if self._start_ts is None else ts - self._start_ts
        products, self._fresh_products = (self._fresh_products, []) if values else ([], self._fresh_products)
        frame = MetricFrame(ts, elapsed, values, products, self._state.value, age, self.category)
        self._last_ts = ts
        self.frames += 1
        events = self.engine.evaluate(frame)
        for event in events:
            self._emit(event)
        return events

    def _emit(self, event: AlertEvent) -> None:
        self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)


def replay_session(
    rules: Sequence[Rule],
    room_samples: Sequence[RoomSample],
    product_samples: Sequence[ProductSample] = (),
    *,
    start_ts: float | None = None,
    norms: NormTable = EXAMPLE_NORMS,
    baseline: Baseline | None = None,
    category: str | None = None,
    tz_offset_s: float = CHINA_TZ_OFFSET_S,
) -> list[AlertEvent]:
    """Every event `rules` would have raised over a cached session (room samples with their gap samples, and
    the product samples), through the same monitor as live. Disabled rules are skipped, as live."""
    monitor = AlertMonitor(rules, norms=norms, baseline=baseline, category=category, tz_offset_s=tz_offset_s)
    if start_ts is not None:
        monitor.on_room_info(RoomInfo("", "", RoomStatus.LIVING, start_time=start_ts))
    by_ts: dict[float, list[ProductSample]] = {}
    for p in product_samples:
        by_ts.setdefault(p.ts, []).append(p)
    product_times = sorted(by_ts)
    i = 0
    for sample in room_samples:
        while i < len(product_times) and product_times[i] <= sample.ts:
            monitor.on_products(product_times[i], by_ts[product_times[i]])
            i += 1
        monitor.on_room(sample)
    return monitor.events
