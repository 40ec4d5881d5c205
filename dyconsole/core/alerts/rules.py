"""Alert rule types: what an operator can ask to be warned about, as plain immutable values.

Five kinds of rule (all share id, name, severity, enabled, pending_s, cooldown_s):

- `ThresholdRule`   a live metric above / below a fixed level, with a recovery level (hysteresis).
- `NormRule`        a live metric below a ratio (`margin`) of its norm: the category norm table or the room's own
                    baseline at the same broadcast minute of past sessions (`norm_source`).
- `ProductNormRule` per product: a product's click rate (clicks / impressions over a sliding window) below a
                    ratio of the norm of `product_click_rate`; fires once per product.
- `ChangeRule`      an abnormal change of a rate given as numerator / denominator cumulative counters (e.g.
                    conversion = paid orders / entries), detected against its own recent past (see change.py).
- `NoDataRule`      the source is down, or the last good room sample is older than a limit.

Durations are broadcast seconds. This module also owns the alerting view of the metric names a rule may
watch (raw room metrics of core.metrics, derived metrics and the runtime `data_age_s` of core.derived, with
their labels from core.glossary) and how each is displayed. Validation lives in validation.py; evaluation in engine.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Union

from dyconsole.core import glossary
from dyconsole.core.derived import DATA_AGE as DERIVED_DATA_AGE
from dyconsole.core.derived import DERIVED
from dyconsole.core.metrics import ROOM_COUNTERS, ROOM_METRICS


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class Direction(str, Enum):
    """Which side of the threshold is the alarm side."""

    ABOVE = "above"
    BELOW = "below"


class NormSource(str, Enum):
    CATEGORY = "category"  # the configurable category norm table (norms.NormTable)
    BASELINE = "baseline"  # the room's own past sessions, same broadcast minute (norms.Baseline)


class ChangeDirection(str, Enum):
    DOWN = "down"
    UP = "up"
    BOTH = "both"


# --- metric names a rule may watch ---------------------------------------------------------------------------
# Display kinds: how a value is shown in a message (messages.format_value).
COUNT, PER_MIN, YUAN, YUAN_PER_MIN, PERCENT, MULTIPLE, SECONDS, FLAG = (
    "count", "per_min", "yuan", "yuan_per_min", "percent", "multiple", "seconds", "flag",
)


@dataclass(frozen=True, slots=True)
class WatchableMetric:
    name: str
    zh: str  # the glossary's labels
    en: str
    display: str  # one of the display kinds above


DATA_AGE = DERIVED_DATA_AGE.name
PRODUCT_CLICK_RATE = "product_click_rate"
CONVERSION_RATE = "conversion_rate"


#: a glossary unit -> how an alert message shows it
_DISPLAY: dict[str, str] = {"count": COUNT, "yuan": YUAN, "seconds": SECONDS, "per_min": PER_MIN,
                            "yuan_per_min": YUAN_PER_MIN, "flag": FLAG, "ratio": PERCENT, "multiple": MULTIPLE}

WATCHABLE: dict[str, WatchableMetric] = {
    m.name: WatchableMetric(m.name, m.zh, m.en, _DISPLAY[m.unit])
    for m in (*ROOM_METRICS, *DERIVED, DERIVED_DATA_AGE)
}
#: every metric name a threshold or norm rule may name: raw room metrics, derived metrics, data_age_s
WATCHABLE_METRIC_NAMES: tuple[str, ...] = tuple(WATCHABLE)
#: cumulative counters a change rule may use as numerator / denominator
COUNTER_NAMES: tuple[str, ...] = ROOM_COUNTERS


def metric_label(name: str, lang: str = "zh") -> str:
    """The operator's name for a metric ("zh" or "en", from core.glossary); the raw name when unknown."""
    if glossary.resolve(name) != name:
        return name
    return glossary.label(name, "zh" if lang.startswith("zh") else "en")


# --- rules ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class ThresholdRule:
    """`metric` below (or above) `threshold` for `pending_s` -> fires; resolves when it crosses `recovery`.

    `recovery` defaults to `threshold` (no hysteresis); for BELOW it must be >= threshold, for ABOVE <= threshold.
    """

    kind: ClassVar[str] = "threshold"
    id: str
    name: str
    metric: str
    direction: Direction
    threshold: float
    recovery: float | None = None
    severity: Severity = Severity.WARNING
    pending_s: float = 0.0
    cooldown_s: float = 0.0
    enabled: bool = True

    @property
    def recovery_level(self) -> float:
        return self.threshold if self.recovery is None else self.recovery


#: a norm rule with no recovery margin resolves this far above its margin (hysteresis)
NORM_RECOVERY_STEP = 0.1


def norm_recovery_level(margin: float, recovery_margin: float | None) -> float:
    """Where a norm rule resolves, as a multiple of the norm: its recovery margin, else margin + 0.1."""
    return margin + NORM_RECOVERY_STEP if recovery_margin is None else recovery_margin


@dataclass(frozen=True, slots=True, kw_only=True)
class NormRule:
    """`metric` below `margin` x norm (e.g. 0.8 = below 80% of the norm); resolves at `recovery_margin` x norm.

    The norm is the category table's value for the room's category, or the room's own baseline at the same
    broadcast minute, as `norm_source` says. No norm known -> the rule is paused (neither fires nor resolves).
    `recovery_margin` defaults to margin + 0.1.
    """

    kind: ClassVar[str] = "norm"
    id: str
    name: str
    metric: str
    norm_source: NormSource = NormSource.CATEGORY
    margin: float = 0.8
    recovery_margin: float | None = None
    severity: Severity = Severity.WARNING
    pending_s: float = 0.0
    cooldown_s: float = 0.0
    enabled: bool = True

    @property
    def recovery_level(self) -> float:
        return norm_recovery_level(self.margin, self.recovery_margin)


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductNormRule:
    """Per product: clicks / impressions over the last `window_s` below `margin` x the norm of product_click_rate.

    A product with fewer than `min_impressions` impressions in the window is not judged (paused). To tolerate
    the noise of small counts it fires only when its clicks are also clearly fewer than margin x norm would
    give (Poisson G statistic >= `min_evidence`; 0 = plain comparison); it resolves at recovery_margin x norm.
    """

    kind: ClassVar[str] = "product_norm"
    metric: ClassVar[str] = PRODUCT_CLICK_RATE
    id: str
    name: str
    norm_source: NormSource = NormSource.CATEGORY
    margin: float = 0.8
    recovery_margin: float | None = None
    window_s: float = 300.0
    min_impressions: float = 200.0
    min_evidence: float = 4.0
    severity: Severity = Severity.WARNING
    pending_s: float = 0.0
    cooldown_s: float = 0.0
    enabled: bool = True

    @property
    def recovery_level(self) -> float:
        return norm_recovery_level(self.margin, self.recovery_margin)


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeRule:
    """An abnormal change of sum(numerator) / sum(denominator) (cumulative counters), named `metric` in messages.

    The last `recent_s` are compared with the `baseline_s` before them (Poisson likelihood ratio, change.py).
    It fires when the evidence (G statistic) >= `min_evidence`, the relative change >= `min_relative_change`
    in `direction`, and there are enough events (`min_events` expected in the recent window and seen in the
    baseline). It resolves when the recent rate is back within half of `min_relative_change` of the rate
    before the change.
    """

    kind: ClassVar[str] = "change"
    id: str
    name: str
    numerator: tuple[str, ...] = ("live_pay_order_count_alias",)
    denominator: tuple[str, ...] = ("total_live_watch_cnt",)
    metric: str = CONVERSION_RATE
    direction: ChangeDirection = ChangeDirection.DOWN
    recent_s: float = 600.0
    baseline_s: float = 1800.0
    min_events: float = 10.0
    min_relative_change: float = 0.3
    min_evidence: float = 14.0
    severity: Severity = Severity.WARNING
    pending_s: float = 0.0
    cooldown_s: float = 0.0
    enabled: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class NoDataRule:
    """The source is down (when `when_down`), or the last good room sample is older than `max_age_s`.

    A frame with no age (no good sample yet) only fires through the down state.
    """

    kind: ClassVar[str] = "no_data"
    metric: ClassVar[str] = DATA_AGE
    id: str
    name: str
    max_age_s: float = 60.0
    when_down: bool = True
    severity: Severity = Severity.CRITICAL
    pending_s: float = 0.0
    cooldown_s: float = 0.0
    enabled: bool = True


Rule = Union[ThresholdRule, NormRule, ProductNormRule, ChangeRule, NoDataRule]
RULE_TYPES: dict[str, type] = {t.kind: t for t in (ThresholdRule, NormRule, ProductNormRule, ChangeRule, NoDataRule)}
