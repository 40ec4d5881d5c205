"""Each product's appeal, corrected for where it sits in the list and whether it is being explained, learnt
from the room's own product polls (`AppealModel`): the polls become per-interval click increments (one row
per product and poll interval) and `click_fit` fits the click model to them. The rows are read from the product
history at each fit (core.products.history: the polls pushed, or the live feed's history given to `estimate_from`),
so the model keeps no copy of the polls.

Exposure: the product's impressions over the interval when the source sends them (the model is then one of
CTR: the list position acts through the impressions, and its effect on CTR is held at none), else the
interval's length, with the position curve estimated (across products, and within a product when the order
changes). What every product of an interval shares (the room's audience) is absorbed by the interval's own
effect, so the room's online count is not needed. The choice is made over all the rows so far: impressions
are used when at least 90% of the rows have them (a source either sends them or not), and rows without them
are then left out.

Limit: while the order never changes and impressions are missing, position is told from appeal only on the
assumption that the list was not ordered by appeal; an order change gives within-product evidence.

Appeal is relative to the median product (1.0 = the median product of the fit). The interval is a normal
interval on log appeal (level `level`, default 90%) from the penalised Fisher information at the optimum (a
Laplace approximation, which carries the uncertainty of the position and explanation effects too). A product
is `is_sure` once its interval spans at most a factor `sure_ratio` (default 2) and it has `min_intervals`
poll intervals of data; otherwise it is "too early to tell".

Cost: `push` is O(products); `estimate` reads the rows from the history (O(polls x products), vectorised) and
refits warm from the previous fit (a few Newton steps of a (products + 4)-square system over all rows so far): for
60 products x 3 h of 30 s polls (21,600 rows) about 50-200 ms warm and 0.2-0.8 s cold on the 2-core test box, so a
caller refits every few polls or off the UI thread; a few ms for 30 minutes (tests/benchmarks/bench_product_appeal.py
prints it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Iterable, Mapping

import numpy as np

from dyconsole.core.model import ProductSample
from dyconsole.core.products.click_fit import SHARED_PRIOR_SD, ClickFit, ClickRows, fit_clicks
from dyconsole.core.products.fields import CLICKS, EXPLAINING, IMPRESSIONS  # noqa: F401 - also its API
from dyconsole.core.products.history import ProductHistory

#: share of rows that must carry impressions for the model to use them as exposure
IMPRESSION_SHARE = 0.9
#: prior sd of (c1, c2, b1, b2) when exposure is impressions: the list position's pull is then in the exposure
#: and its effect on CTR is held at none (c1 = c2 = 0); estimating it across products would read a list that
#: happens to put weak products on top as a position effect (and swallow their appeal). Explanation stays free.
IMPRESSIONS_PRIOR_SD = (1e-4, 1e-4, 10.0, 10.0)
CONFOUNDED_ZH = "商品顺序未变过且无曝光数据: 位置与吸引力暂无法区分, 调整顺序后才能判断"
CONFOUNDED_EN = "position and appeal cannot be told apart until the order changes"
#: draws from the fit's posterior for the interval of appeal relative to the median product (fixed seed)
RELATIVE_DRAWS = 2000
@dataclass(frozen=True)
class AppealEstimate:
    product_id: str
    appeal: float | None  # relative to the median product (1.0); None: no interval of data yet
    low: float | None  # the interval (level of the report)
    high: float | None
    intervals: int  # poll intervals of data behind it
    clicks: float  # clicks in those intervals
    is_sure: bool  # False: too early to tell

    @property
    def too_early(self) -> bool:
        return not self.is_sure


@dataclass(frozen=True)
class AppealReport:
    products: Mapping[str, AppealEstimate]  # every product seen, in order of first appearance
    level: float  # of the intervals, e.g. 0.9
    uses_impressions: bool  # exposure = impressions (else the interval's length)
    position_coef: tuple[float, float]  # f(p) = c1 log p + c2 log^2 p
    explain_factor: float  # click multiplier when explained at both polls of an interval
    explain_factor_partial: float  # ... at one of them
    appeal_spread: float  # estimated sd of log appeal across products
    rows: int  # product-intervals fitted
    #: no impressions and no product has moved in the list yet: where a product sits and how appealing it is
    #: cannot be told apart (the estimate then rests on the list not having been ordered by appeal), so no
    #: product is sure until the order changes
    position_confounded: bool = False

    def caveat(self, lang: str = "zh") -> str | None:
        """What the operator must know before trusting the estimate ("" words as the rest of the report)."""
        if not self.position_confounded:
            return None
        return CONFOUNDED_ZH if lang.startswith("zh") else CONFOUNDED_EN

    def position_factor(self, position: float) -> float:
        """Click multiplier of 1-based list `position` against the top of the list, as learnt."""
        lp = math.log(max(float(position), 1.0))
        return math.exp(self.position_coef[0] * lp + self.position_coef[1] * lp * lp)


def history_rows(history: ProductHistory) -> tuple[ClickRows, np.ndarray]:
    """The fit's rows of a product history, in poll order (then the products' order of first appearance): a row per
    product and interval between two polls that gave its click count (a poll without one makes the next interval
    span both), none where the count went back (it restarts there) or where the product's list place is unknown at
    both ends (the place at the interval's start, else at its end). Exposure in the rows is the interval's
    impressions (NaN when unknown or gone back); also returns the intervals' lengths (seconds)."""
    clicks = history.field(CLICKS)
    polls, products = clicks.shape
    has = np.isfinite(clicks)
    last = np.maximum.accumulate(np.where(has, np.arange(polls)[:, None], -1), axis=0)
    before = np.vstack([np.full((1, products), -1), last[:-1]])  # the last poll before each with a click count
    poll, product = np.nonzero(has & (before >= 0))
    start = before[poll, product]
    places = history.places()
    position = places[start, product]
    position = np.where(np.isnan(position), places[poll, product], position)
    keep = (clicks[poll, product] >= clicks[start, product]) & ~np.isnan(position)
    poll, product, start, position = poll[keep], product[keep], start[keep], position[keep]
    shows = history.field(IMPRESSIONS)
    with np.errstate(invalid="ignore"):
        gained = shows[poll, product] - shows[start, product]
        gained[~(gained >= 0)] = np.nan
    explaining = history.explaining()
    was, now = explaining[start, product], explaining[poll, product]
    ts = history.ts
    rows = ClickRows(poll, product, clicks[poll, product] - clicks[start, product], gained, position,
                     (was & now).astype(np.float64), (was != now).astype(np.float64))
    return rows, ts[poll] - ts[start]


def relative_sd(alpha: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """Posterior sd of each log appeal relative to the median product's, alpha_i - median(alpha): the median
    is itself uncertain (in a small room the median product may be any of a few), which an interval around
    alpha_i - mean(alpha) misses. By draws from the normal posterior (Laplace), with a fixed seed."""
    n = len(alpha)
    rng = np.random.default_rng(0)
    u, s, _ = np.linalg.svd((cov + cov.T) / 2.0, hermitian=True)
    draws = rng.standard_normal((RELATIVE_DRAWS, n)) @ (u * np.sqrt(np.maximum(s, 0.0))).T + alpha
    return np.std(draws - np.median(draws, axis=1, keepdims=True), axis=0)


def _order_changed(rows: ClickRows) -> bool:
    """Some product was seen at more than one list position."""
    if not len(rows.product):
        return False
    lo = np.full(int(rows.product.max()) + 1, np.inf)
    hi = np.full(len(lo), -np.inf)
    np.minimum.at(lo, rows.product, rows.position)
    np.maximum.at(hi, rows.product, rows.position)
    return bool(np.any(hi > lo))


class AppealModel:
    """Push every product poll (or give it the live feed's history, `estimate_from`); ask for the estimate at any
    time."""

    def __init__(self, level: float = 0.9, sure_ratio: float = 2.0, min_intervals: int = 4) -> None:
        if not 0.0 < level < 1.0:
            raise ValueError("level must be between 0 and 1")
        self.level, self.sure_ratio, self.min_intervals = level, sure_ratio, min_intervals
        self.history = ProductHistory()  # the polls the fit reads: those pushed, or the history last given
        self._fit: ClickFit | None = None
        self._warm = np.zeros(0)  # the previous fit's log appeal, by product index
        self._report: AppealReport | None = None

    def push(self, ts: float, products: Iterable[ProductSample]) -> None:
        """One product poll (the list in its order), into the model's own history. A product missing from a poll
        simply adds nothing; a missing click count makes the next delta span both intervals; a counter that goes
        back restarts it."""
        self.history.append(float(ts), list(products))
        self._report = None

    def estimate_from(self, history: ProductHistory) -> AppealReport:
        """The estimate on `history` (the live feed's product history, frozen for the thread the fit runs on: the
        model reads its rows from it and keeps no copy), warm from the previous fit; what is pushed next goes on
        from it."""
        self.history = history
        self._report = None
        return self.estimate()

    def estimate(self) -> AppealReport:
        """The appeal of every product seen so far (refit if anything was pushed since the last call)."""
        if self._report is None:
            self._report = self._estimate()
        return self._report

    def _estimate(self) -> AppealReport:
        rows, keep, uses_impressions = self._usable_rows()
        used = np.unique(rows.product) if len(rows.product) else np.zeros(0, dtype=np.int64)
        if len(used) < 2 or rows.clicks.sum() <= 0:
            return self._empty_report(uses_impressions, len(rows.product))
        # refit on the products that have rows, numbered 0..m-1 in order of first appearance
        ids = self.history.ids
        local = np.full(len(ids), -1)
        local[used] = np.arange(len(used))
        fit_rows = ClickRows(rows.group, local[rows.product], rows.clicks, rows.exposure, rows.position,
                             rows.explained_both, rows.explained_one)
        start = None
        if self._fit is not None:  # warm start from the previous fit, by product
            warm = np.zeros(len(ids))
            warm[: len(self._warm)] = self._warm
            start = np.r_[warm[used], self._fit.shared]
        prior = IMPRESSIONS_PRIOR_SD if uses_impressions else SHARED_PRIOR_SD
        fit = fit_clicks(fit_rows, len(used), start=start, tau=self._fit.tau if self._fit else None,
                         shared_prior_sd=prior)
        self._fit = fit
        self._warm = np.zeros(len(ids))
        self._warm[used] = fit.log_appeal
        alpha = fit.log_appeal
        rel = alpha - np.median(alpha)
        sd = relative_sd(alpha, fit.cov[: len(used), : len(used)] * max(fit.dispersion, 1.0))
        half = NormalDist().inv_cdf(0.5 + self.level / 2.0) * sd
        confounded = not uses_impressions and not _order_changed(fit_rows)
        n_rows = np.bincount(fit_rows.product, minlength=len(used))
        n_clicks = np.bincount(fit_rows.product, fit_rows.clicks, minlength=len(used))
        out: dict[str, AppealEstimate] = {}
        for index, pid in enumerate(ids):
            j = local[index]
            if j < 0:
                out[pid] = AppealEstimate(pid, None, None, None, 0, 0.0, False)
                continue
            low, high = math.exp(rel[j] - half[j]), math.exp(rel[j] + half[j])
            sure = bool(high / low <= self.sure_ratio and n_rows[j] >= self.min_intervals and not confounded)
            out[pid] = AppealEstimate(pid, math.exp(rel[j]), low, high, int(n_rows[j]), float(n_clicks[j]), sure)
        c1, c2, b1, b2 = (float(x) for x in fit.shared)
        return AppealReport(out, self.level, uses_impressions, (c1, c2), math.exp(b1), math.exp(b2), fit.tau,
                            int(keep.sum()), confounded)

    def _usable_rows(self) -> tuple[ClickRows, np.ndarray, bool]:
        rows, span = history_rows(self.history)
        shows = rows.exposure
        has_shows = np.isfinite(shows)
        uses_impressions = bool(len(shows)) and float(has_shows.mean()) >= IMPRESSION_SHARE
        if uses_impressions:
            keep = has_shows & (shows > 0)
            exposure = shows
        else:
            keep = span > 0
            exposure = span
        used = ClickRows(rows.group[keep], rows.product[keep], rows.clicks[keep], exposure[keep],
                         rows.position[keep], rows.explained_both[keep], rows.explained_one[keep])
        return used, keep, uses_impressions

    def _empty_report(self, uses_impressions: bool, n_rows: int) -> AppealReport:
        out = {pid: AppealEstimate(pid, None, None, None, 0, 0.0, False) for pid in self.history.ids}
        return AppealReport(out, self.level, uses_impressions, (0.0, 0.0), 1.0, 1.0, 0.0, n_rows)
