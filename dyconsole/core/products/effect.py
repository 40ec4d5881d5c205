"""The measured effect of a product-order change (pure): what the room did after the change against what it
would have done without it, on clicks, CTR, orders and GMV per minute, per product and for the room.

The counterfactual ("without the change") of each product is its own rate before the change, per unit of the
room's exposure, at its OLD position: exposure is the room's product impressions per minute when the source
sends them for every product (a list order moves impressions between products, not their total), else the
room's entries per minute (`entries`, the cumulative watch count), else the minute itself. So a product's
expected clicks after the change = its clicks per unit of exposure before the change (at its old place) x the
exposure seen after; observed minus expected is the effect. When the product moved within the window before
(a product added at the top shifts everyone by one), each minute's exposure is weighted by the position model's
`position_factor(old place) / position_factor(place that minute)` (core.products.appeal.AppealReport), so the
rate is read at the old place. The room's effect is the sum over its products.

The interval is a moving-block bootstrap over minutes (blocks of `BLOCK_MIN` minutes, before and after the
change resampled independently: the noise of the rate before and of the minutes after), with the uncertainty of
the trend added: the rate before is read at the middle of its window, so in each replicate the counterfactual
drifts by a slope drawn from the rate's slope before the change (its standard error, centred at 0: the trend is
not extrapolated, its uncertainty is carried; read on the metric's event count, clicks or paid orders) times the
half window up to the change; after the change the room's exposure carries the audience's own trend. "Too early to tell" until there are
`min_minutes` complete minutes after the change, `min_minutes_before` before it, and `min_events` events of the
metric (clicks for clicks and CTR, paid orders for orders and GMV) after it.

The window before starts at the previous change (so two changes are not mixed), at most `before_min` minutes
back. Products added after the change or with no minute before it are listed without an effect; a product gone
from the list simply stops adding minutes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

import numpy as np

from dyconsole.core.products.appeal import CLICKS, IMPRESSIONS
from dyconsole.core.products.change_log import OrderChange
from dyconsole.core.products.history import GMV, ProductHistory
from dyconsole.core.products.ordering import ORDERS

#: the metrics judged, all per minute (CTR: clicks per impression)
METRICS: tuple[str, ...] = ("clicks", "ctr", "orders", "gmv")
_FIELDS = {"clicks": CLICKS, "orders": ORDERS, "gmv": GMV}
#: the counter whose count says whether there is enough data for a metric
_EVENTS = {"clicks": "clicks", "ctr": "clicks", "orders": "orders", "gmv": "orders"}
BLOCK_MIN = 3
BOOTSTRAP = 400


@dataclass(frozen=True)
class Effect:
    """One metric of one subject (a product or the room) after a change: per minute."""

    metric: str
    observed: float  # after the change
    expected: float  # without it (the counterfactual)
    low: float | None  # interval of observed - expected (level of the estimate); None: too early
    high: float | None
    events: float  # events of the metric's counter after the change
    too_early: bool

    @property
    def uplift(self) -> float:
        return self.observed - self.expected

    @property
    def relative(self) -> float | None:
        """The uplift as a share of the expected (None when nothing was expected)."""
        return self.uplift / self.expected if self.expected > 0 else None

    @property
    def clear(self) -> bool:
        """The interval excludes no change."""
        return not self.too_early and self.low is not None and self.high is not None and (
            self.low > 0 or self.high < 0)


@dataclass(frozen=True)
class ChangeEffect:
    change: OrderChange
    minutes_before: int
    minutes_after: int
    level: float
    room: Mapping[str, Effect]
    products: Mapping[str, Mapping[str, Effect]] = field(default_factory=dict)

    @property
    def too_early(self) -> bool:
        return self.room["gmv"].too_early if "gmv" in self.room else True


@dataclass(frozen=True)
class EffectSettings:
    before_min: int = 30
    min_minutes: int = 5
    min_minutes_before: int = 5
    min_events: float = 10.0
    level: float = 0.9
    bootstrap: int = BOOTSTRAP
    seed: int = 0


def _blocks(n: int, rng: np.random.Generator, reps: int, block: int = BLOCK_MIN) -> np.ndarray:
    """reps x n indices of a moving-block bootstrap of n minutes."""
    if n <= 0:
        return np.zeros((reps, 0), dtype=np.int64)
    b = min(block, n)
    starts = rng.integers(0, n - b + 1, size=(reps, -(-n // b)))
    return (starts[:, :, None] + np.arange(b)[None, None, :]).reshape(reps, -1)[:, :n]


class _Window:
    """The minutes before and after one change, per product, for every counter (NaN -> 0 where not listed)."""

    def __init__(self, history: ProductHistory, change: OrderChange, before_start: float,
                 entries: tuple[np.ndarray, np.ndarray] | None,
                 position_factor: Callable[[float], float] | None, end: float | None) -> None:
        start = change.ts - 60.0 * math.floor((change.ts - before_start) / 60.0)
        self.pre = int(round((change.ts - start) / 60.0))
        last = float(history.ts[-1]) if len(history) else start
        if end is not None:
            last = min(last, end)
        complete = max(int(math.floor((last - start) / 60.0 + 1e-9)), 0)  # minutes fully seen
        self.post = max(complete - self.pre, 0)
        n = self.pre + self.post
        self.ids = list(history.ids)
        self.counts: dict[str, np.ndarray] = {}
        for key, name in (*_FIELDS.items(), ("impressions", IMPRESSIONS)):
            values = history.minute_deltas(name, start).values if len(history) else np.zeros((0, 0))
            grid = np.full((len(self.ids), n), np.nan)
            k = min(n, values.shape[1]) if values.size else 0
            grid[:, :k] = values[:, :k]
            self.counts[key] = grid
        self.listed = np.isfinite(self.counts["clicks"])
        for key in self.counts:
            self.counts[key] = np.where(np.isfinite(self.counts[key]), self.counts[key], 0.0)
        shows_known = np.isfinite(history.minute_deltas(IMPRESSIONS, start).values[:, :n]) if len(history) else None
        self.by_impressions = bool(shows_known is not None and shows_known.size and
                                   (shows_known | ~self.listed[:, :shows_known.shape[1]]).mean() >= 0.99)
        self.exposure = self._exposure(entries, start, n)
        self.weight = self._position_weights(history, change, start, n, position_factor)

    def _exposure(self, entries: tuple[np.ndarray, np.ndarray] | None, start: float, n: int) -> np.ndarray:
        if self.by_impressions:
            return self.counts["impressions"].sum(axis=0)
        if entries is not None and len(entries[0]) > 1:
            ts, cum = np.asarray(entries[0], float), np.asarray(entries[1], float)
            good = np.isfinite(cum)
            edges = start + 60.0 * np.arange(n + 1)
            at = np.interp(edges, ts[good], cum[good]) if good.sum() > 1 else np.zeros(n + 1)
            per_minute = np.maximum(np.diff(at), 0.0)
            if per_minute.sum() > 0:
                return per_minute
        return np.ones(n)

    def _position_weights(self, history: ProductHistory, change: OrderChange, start: float, n: int,
                          position_factor: Callable[[float], float] | None) -> np.ndarray:
        """[product, minute] factor taking a minute before the change to the product's old place."""
        weight = np.ones((len(self.ids), n))
        if position_factor is None or not len(history):
            return weight
        minute = np.floor((history.ts - start) / 60.0).astype(np.int64)
        old = {pid: k + 1 for k, pid in enumerate(change.old_order)}
        for j, pid in enumerate(self.ids):
            if pid not in old:
                continue
            _, pos = history.positions(pid)
            target = position_factor(old[pid])
            for m in range(min(self.pre, n)):
                here = pos[(minute == m) & np.isfinite(pos)]
                if len(here):
                    weight[j, m] = target / max(position_factor(float(np.median(here))), 1e-9)
        return weight


def _effect(metric: str, y_pre: np.ndarray, e_pre: np.ndarray, y_post: np.ndarray, e_post: np.ndarray,
            d_pre: np.ndarray | None, d_post: np.ndarray | None, trend: np.ndarray, events: float, early: bool,
            settings: EffectSettings, rng: np.random.Generator) -> Effect:
    """y: the metric's counter per minute (summed over the subject's products); e: exposure per minute (already
    position-weighted before the change); d: the denominator per minute for a ratio metric (CTR: impressions);
    trend: the metric's event counter per minute before (clicks, or paid orders for GMV: a count, whose drift is
    read with less noise than the yuan's)."""
    post_n = len(e_post)

    def estimate(yp: np.ndarray, ep: np.ndarray, ya: np.ndarray, ea: np.ndarray, dp: np.ndarray | None,
                 da: np.ndarray | None, n_after: int, drift: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """Sums in, (observed, expected) per minute out; arrays of replicates or scalars alike."""
        with np.errstate(divide="ignore", invalid="ignore"):
            if dp is not None and da is not None:  # a ratio: the rate after vs the rate before
                return ya / da, yp / dp * (1.0 + drift)
            return ya / max(n_after, 1), yp / ep * (1.0 + drift) * ea / max(n_after, 1)

    def sums(x: np.ndarray | None, idx: np.ndarray | None) -> np.ndarray | None:
        if x is None:
            return None
        return np.asarray(x.sum()) if idx is None else x[idx].sum(axis=1)

    obs, exp_ = estimate(sums(y_pre, None), sums(e_pre, None), sums(y_post, None), sums(e_post, None),
                         sums(d_pre, None), sums(d_post, None), post_n, 0.0)
    observed, expected = float(obs), float(exp_)
    if early or not (math.isfinite(observed) and math.isfinite(expected)):
        return Effect(metric, _num(observed), _num(expected), None, None, events, True)
    slope_sd = _relative_slope_sd(trend, d_pre if d_pre is not None else e_pre)
    gap = len(e_pre) / 2.0  # minutes from the middle of the window before to the change
    pre_idx, post_idx = _blocks(len(e_pre), rng, settings.bootstrap), _blocks(post_n, rng, settings.bootstrap)
    drifts = rng.normal(0.0, slope_sd * gap, settings.bootstrap)
    o, x = estimate(sums(y_pre, pre_idx), sums(e_pre, pre_idx), sums(y_post, post_idx), sums(e_post, post_idx),
                    sums(d_pre, pre_idx), sums(d_post, post_idx), post_n, drifts)
    diffs = (o - x)[np.isfinite(o - x)]
    if len(diffs) < settings.bootstrap // 2:
        return Effect(metric, observed, expected, None, None, events, True)
    tail = (1.0 - settings.level) / 2.0
    low, high = np.quantile(diffs, [tail, 1.0 - tail])
    # the bootstrap's percentile interval, re-centred on the estimate (basic interval)
    centre = observed - expected
    return Effect(metric, observed, expected, float(2 * centre - high), float(2 * centre - low), events, False)


def _num(x: float) -> float:
    return float(x) if math.isfinite(x) else 0.0


def _relative_slope_sd(y: np.ndarray, e: np.ndarray) -> float:
    """Standard error of the slope (per minute, relative to the level) of the rate y/e before the change."""
    n = len(y)
    if n < 4 or e.sum() <= 0 or y.sum() <= 0:
        return 0.0
    t = np.arange(n, dtype=float)
    level = y.sum() / e.sum()
    # weighted least squares of y on e*(1 + s*(t - mean)): Poisson weights ~ 1/expected
    x = e * (t - np.average(t, weights=np.maximum(e, 1e-12)))
    mu = np.maximum(level * e, 1e-12)
    resid = y - mu
    dispersion = max(float(np.sum(resid**2 / mu) / max(n - 2, 1)), 1.0)
    info = float(np.sum((level * x) ** 2 / mu))
    return math.sqrt(dispersion / info) if info > 0 else 0.0


def measure_change(history: ProductHistory, change: OrderChange, previous_ts: float | None = None,
                   entries: tuple[np.ndarray, np.ndarray] | None = None,
                   position_factor: Callable[[float], float] | None = None, end: float | None = None,
                   settings: EffectSettings = EffectSettings(), products: bool = True) -> ChangeEffect:
    """The effect of `change` from the product polls in `history` up to its last poll (or `end`, e.g. the next
    change). `previous_ts`: the change before (the window before starts after it); `entries`: the room's
    cumulative entries (times, values) as exposure when the products carry no impressions; `position_factor`:
    the position model's click multiplier (AppealReport.position_factor)."""
    first = float(history.ts[0]) if len(history) else change.ts
    before_start = max(first, change.ts - 60.0 * settings.before_min,
                       previous_ts if previous_ts is not None else -math.inf)
    w = _Window(history, change, before_start, entries, position_factor, end)
    rng = np.random.default_rng(settings.seed)
    pre, post = slice(0, w.pre), slice(w.pre, w.pre + w.post)
    early_time = w.post < settings.min_minutes or w.pre < settings.min_minutes_before

    # the room: every product listed before the change (a product added later has no counterfactual)
    had_before = w.listed[:, pre].any(axis=1) if w.pre else np.zeros(len(w.ids), bool)
    room_rows = np.flatnonzero(had_before)
    room = _room(w, room_rows, pre, post, early_time, settings, rng)
    per_product: dict[str, dict[str, Effect]] = {}
    if products:
        for j in room_rows.tolist():
            per_product[w.ids[j]] = _room(w, np.array([j]), pre, post, early_time, settings, rng)
    return ChangeEffect(change, w.pre, w.post, settings.level, room, per_product)


def _room(w: _Window, rows: np.ndarray, pre: slice, post: slice, early_time: bool, settings: EffectSettings,
          rng: np.random.Generator) -> dict[str, Effect]:
    """The products `rows` together (the room, or one product): their counters before, each taken to its old
    place, per unit of exposure, times the exposure after, against what they did after."""
    out: dict[str, Effect] = {}
    shows = w.counts["impressions"]
    for metric in METRICS:
        key = "clicks" if metric == "ctr" else metric
        y = w.counts[key][rows]
        events = float(w.counts[_EVENTS[metric]][rows][:, post].sum())
        early = early_time or events < settings.min_events
        # the counter before, each product's minutes taken to its old place (weight: pf(old) / pf(that minute))
        y_pre = (y[:, pre] * w.weight[rows][:, pre]).sum(axis=0)
        trend = (w.counts[_EVENTS[metric]][rows][:, pre] * w.weight[rows][:, pre]).sum(axis=0)
        if metric == "ctr":
            if not w.by_impressions:
                continue
            out[metric] = _effect(metric, y_pre, w.exposure[pre], y[:, post].sum(axis=0), w.exposure[post],
                                  shows[rows][:, pre].sum(axis=0), shows[rows][:, post].sum(axis=0), trend, events, early,
                                  settings, rng)
        else:
            out[metric] = _effect(metric, y_pre, w.exposure[pre], y[:, post].sum(axis=0), w.exposure[post], None,
                                  None, trend, events, early, settings, rng)
    return out


def measure_changes(history: ProductHistory, changes: Sequence[OrderChange],
                    entries: tuple[np.ndarray, np.ndarray] | None = None,
                    position_factor: Callable[[float], float] | None = None,
                    settings: EffectSettings = EffectSettings(), products: bool = False,
                    only: str | None = None) -> list[ChangeEffect]:
    """Every change that happened in the room (or only the one with id `only`), each measured from the one
    before up to the next one; `products`: with each product's effect too."""
    done = sorted((c for c in changes if c.counts), key=lambda c: c.ts)
    out = []
    for k, change in enumerate(done):
        if only is not None and change.id != only:
            continue
        previous = done[k - 1].ts if k else None
        end = done[k + 1].ts if k + 1 < len(done) else None
        out.append(measure_change(history, change, previous, entries, position_factor, end, settings, products))
    return out
