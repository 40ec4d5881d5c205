"""The sales funnel of a live room: 曝光 -> 进入 -> 商品曝光 -> 点击 -> 下单 -> 成交, for the whole session (one
sample's cumulative counters) or a time window (the difference of two samples).

Each stage has its count and its conversion from the previous stage. A stage a source does not report (the
unconfirmed fields) shows as missing, and the next stage's rate is taken from the last known stage (`from_key`
says which). Where most is lost: the step whose rate is lowest RELATIVE TO ITS NORM (rate / norm; the norms
are indicative industry figures, configurable; with `norms=None` it is simply the lowest step rate).

The seed relation the UI shows: paid orders = product impressions x CTR x purchase conversion x deal
conversion, and GMV = paid orders x average order value. Stage labels are core.glossary's (funnel_<key>).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from dyconsole.core import glossary
from dyconsole.core.model import RoomSample


@dataclass(frozen=True, slots=True)
class FunnelStage(glossary.Named):
    key: str
    field: str  # the counter in core.metrics

    @property
    def term(self) -> str:  # type: ignore[override]
        """The stage's core.glossary key (its label)."""
        return f"funnel_{self.key}"


STAGES: tuple[FunnelStage, ...] = (
    FunnelStage("impressions", "total_live_show_cnt"),
    FunnelStage("entries", "total_live_watch_cnt"),
    FunnelStage("product_impressions", "live_product_show_cnt_alias"),
    FunnelStage("clicks", "live_click_product_count_alias"),
    FunnelStage("orders", "live_create_order_count_alias"),
    FunnelStage("paid", "live_pay_order_count_alias"),
)
GMV_FIELD = "live_pay_order_gmv_alias"
#: stages whose step "rate" is a count per entry, not a conversion: a viewer sees several products, so product
#: impressions per entry exceed 1. Shown as "8.8 per entry", never as a percentage.
PER_ENTRY_STAGES = frozenset({"product_impressions"})

#: indicative step rates (from the previous stage) used to judge where most is lost; configurable.
#: product impressions per entry can exceed 1 (a viewer sees several products).
DEFAULT_NORMS: dict[str, float] = {
    "entries": 0.15,
    "product_impressions": 1.0,
    "clicks": 0.10,
    "orders": 0.12,
    "paid": 0.85,
}


@dataclass(frozen=True, slots=True)
class FunnelStep:
    key: str
    zh: str  # the stage's glossary label
    en: str
    count: float | None  # None: the source does not report this stage
    rate: float | None  # conversion from `from_key` (None for the first stage or when unknown)
    from_key: str | None  # the last known stage before this one

    def label(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


@dataclass(frozen=True, slots=True)
class SeedRelation:
    """paid = product_impressions x ctr x purchase_rate x pay_rate; gmv = paid x aov. A missing piece is None."""

    product_impressions: float | None
    ctr: float | None  # clicks / product impressions
    purchase_rate: float | None  # orders created / clicks
    pay_rate: float | None  # paid / orders created
    paid_orders: float | None
    aov: float | None  # GMV / paid orders (yuan)
    gmv: float | None


@dataclass(frozen=True, slots=True)
class Funnel:
    steps: tuple[FunnelStep, ...]
    worst_key: str | None  # the step where most is lost (see the module doc), None if no rate is known
    worst_vs_norm: float | None  # its rate / norm (or its rate, when judged without norms)
    seed: SeedRelation
    window: tuple[float, float] | None  # (t0, t1) for a window, None for the whole session

    def step(self, key: str) -> FunnelStep:
        return next(s for s in self.steps if s.key == key)


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den <= 0:
        return None
    return num / den


#: one stage as judged by `judge_steps`: (count, rate from the last known stage, that stage's key)
StepJudged = tuple[float | None, float | None, str | None]


def judge_steps(counts: Mapping[str, float | None], norms: Mapping[str, float] | None = DEFAULT_NORMS,
                stages: Sequence[FunnelStage] = STAGES) -> tuple[list[StepJudged], tuple[float, str] | None]:
    """Each stage's count and rate, and the worst step (score, stage key): the rate against its norm (the rate
    itself without norms), the lowest score. A step that skips a missing stage has no norm of its own: it is judged
    only without norms. (What `build_funnel` is made of, without the funnel: cheap enough for a row per product.)"""
    out: list[StepJudged] = []
    last_key: str | None = None
    last_count: float | None = None
    worst: tuple[float, str] | None = None
    for i, stage in enumerate(stages):
        count = counts.get(stage.field)
        rate = _ratio(count, last_count) if last_key is not None else None
        out.append((count, rate, last_key if count is not None else None))
        if rate is not None:
            if norms is None:
                score: float | None = rate
            elif i and last_key == stages[i - 1].key and stage.key in norms:
                score = rate / norms[stage.key]
            else:
                score = None
            if score is not None and (worst is None or score < worst[0]):
                worst = (score, stage.key)
        if count is not None:
            last_key, last_count = stage.key, count
    return out, worst


def build_funnel(
    counts: Mapping[str, float | None],
    gmv: float | None = None,
    norms: Mapping[str, float] | None = DEFAULT_NORMS,
    window: tuple[float, float] | None = None,
    stages: Sequence[FunnelStage] = STAGES,
) -> Funnel:
    """A funnel from stage counts keyed by counter field name (cumulative, or deltas for a window). `stages`: the
    room's (STAGES) or a sub-funnel of the same stage keys (one product's: core.products.board); a stage it lacks is missing from
    the seed relation."""
    judged, worst = judge_steps(counts, norms, stages)
    steps = [FunnelStep(stage.key, stage.zh, stage.en, count, rate, from_key)
             for stage, (count, rate, from_key) in zip(stages, judged)]
    by = {s.key: s.count for s in steps}
    paid = by.get("paid")
    seed = SeedRelation(
        product_impressions=by.get("product_impressions"),
        ctr=_ratio(by.get("clicks"), by.get("product_impressions")),
        purchase_rate=_ratio(by.get("orders"), by.get("clicks")),
        pay_rate=_ratio(paid, by.get("orders")),
        paid_orders=paid,
        aov=_ratio(gmv, paid),
        gmv=gmv,
    )
    return Funnel(tuple(steps), worst[1] if worst else None, worst[0] if worst else None, seed, window)


def session_funnel(sample: RoomSample, norms: Mapping[str, float] | None = DEFAULT_NORMS) -> Funnel:
    """The funnel of the whole session so far, from one sample's cumulative counters."""
    counts = {s.field: sample.get(s.field) for s in STAGES}
    return build_funnel(counts, sample.get(GMV_FIELD), norms)


def _delta(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b < a:
        return None  # missing at either end, or a counter reset: unknown, never negative
    return b - a


def window_funnel(
    first: RoomSample, last: RoomSample, norms: Mapping[str, float] | None = DEFAULT_NORMS
) -> Funnel:
    """The funnel of the window between two samples (counter increases from `first` to `last`)."""
    if last.ts < first.ts:
        first, last = last, first
    counts = {s.field: _delta(first.get(s.field), last.get(s.field)) for s in STAGES}
    gmv = _delta(first.get(GMV_FIELD), last.get(GMV_FIELD))
    return build_funnel(counts, gmv, norms, (first.ts, last.ts))
