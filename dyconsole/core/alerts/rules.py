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
watch (raw room metrics of core.metrics, derived metrics of the core.derived contract, runtime `data_age_s`)
with their labels and display units. Validation lives in validation.py; evaluation in engine.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar, Union

from dyconsole.core.metrics import BY_NAME, ROOM_COUNTERS, ROOM_METRIC_NAMES, Unit


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
# Display kinds: how a value is shown in a message.
COUNT, PER_MIN, YUAN, YUAN_PER_MIN, PERCENT, MULTIPLE, SECONDS, FLAG = (
    "count", "per_min", "yuan", "yuan_per_min", "percent", "multiple", "seconds", "flag",
)


@dataclass(frozen=True, slots=True)
class WatchableMetric:
    name: str
    zh: str
    en: str
    display: str  # one of the display kinds above


#: derived metrics (the names are the core.derived contract; labels and display kinds are the alerts' own view)
DERIVED_METRICS: tuple[WatchableMetric, ...] = (
    WatchableMetric("entries_per_min", "每分钟进入人次", "Entries per min", PER_MIN),
    WatchableMetric("likes_per_min", "每分钟点赞", "Likes per min", PER_MIN),
    WatchableMetric("comments_per_min", "每分钟评论", "Comments per min", PER_MIN),
    WatchableMetric("shares_per_min", "每分钟分享", "Shares per min", PER_MIN),
    WatchableMetric("follows_per_min", "每分钟新增关注", "Follows per min", PER_MIN),
    WatchableMetric("interactions_per_min", "每分钟互动", "Interactions per min", PER_MIN),
    WatchableMetric("product_clicks_per_min", "每分钟商品点击", "Product clicks per min", PER_MIN),
    WatchableMetric("paid_orders_per_min", "每分钟成交订单", "Paid orders per min", PER_MIN),
    WatchableMetric("gmv_per_min", "每分钟成交金额", "GMV per min", YUAN_PER_MIN),
    WatchableMetric("ad_cost_per_min", "每分钟广告消耗", "Ad spend per min", YUAN_PER_MIN),
    WatchableMetric("online_estimate", "在线人数(估算)", "Online viewers (estimate)", COUNT),
    WatchableMetric("online", "在线人数", "Online viewers", COUNT),
    WatchableMetric("online_is_estimate", "在线人数为估算", "Online is an estimate", FLAG),
    WatchableMetric("avg_dwell_s", "平均停留时长", "Average stay", SECONDS),
    WatchableMetric("interaction_rate", "互动率", "Interaction rate", PERCENT),
    WatchableMetric("product_click_rate", "商品点击率", "Product click rate", PERCENT),
    WatchableMetric("conversion_rate", "成交转化率", "Conversion rate", PERCENT),
    WatchableMetric("gpm", "千次观看成交额(GPM)", "GPM", YUAN),
    WatchableMetric("live_roi", "直播ROI(GMV/消耗)", "Live ROI (GMV/cost)", MULTIPLE),
)
DATA_AGE = "data_age_s"
RUNTIME_METRICS: tuple[WatchableMetric, ...] = (WatchableMetric(DATA_AGE, "数据延迟", "Data age", SECONDS),)
PRODUCT_CLICK_RATE = "product_click_rate"
CONVERSION_RATE = "conversion_rate"


def _room_display(name: str, unit: Unit) -> str:
    if unit is Unit.RATIO:
        return MULTIPLE if "roi" in name else PERCENT
    return {Unit.COUNT: COUNT, Unit.YUAN: YUAN, Unit.SECONDS: SECONDS}[unit]


_ROOM_WATCHABLE: tuple[WatchableMetric, ...] = tuple(
    WatchableMetric(n, BY_NAME[n].zh, BY_NAME[n].en, _room_display(n, BY_NAME[n].unit)) for n in ROOM_METRIC_NAMES
)
WATCHABLE: dict[str, WatchableMetric] = {m.name: m for m in (*_ROOM_WATCHABLE, *DERIVED_METRICS, *RUNTIME_METRICS)}
#: every metric name a threshold or norm rule may name, in display order
WATCHABLE_METRIC_NAMES: tuple[str, ...] = tuple(WATCHABLE)
#: cumulative counters a change rule may use as numerator / denominator
COUNTER_NAMES: tuple[str, ...] = ROOM_COUNTERS


def metric_label(name: str, lang: str = "zh") -> str:
    """The operator's name for a metric ("zh" or "en"); the raw name when unknown."""
    m = WATCHABLE.get(name)
    if m is None:
        return name
    return m.zh if lang.startswith("zh") else m.en


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
        return self.margin + 0.1 if self.recovery_margin is None else self.recovery_margin


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
        return self.margin + 0.1 if self.recovery_margin is None else self.recovery_margin


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
