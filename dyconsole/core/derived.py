"""Derived room metrics: the names (labels and units are core.glossary's) and the computation shared by the CSV
export, the alert engine and the live UI.

Per-minute rates come from cumulative counters over a sliding window of broadcast time (core.rates); ratios are
taken over the same window; `gpm` and `live_roi` are cumulative. `online` is the source's real count
(online_user_cnt) when it has one, else the Little's-law estimate (core.estimate), and `online_is_estimate` says
which. The share of viewers past 3 minutes (`long_stay_share`, with its range) is always the estimate's: no source
counts it. A gap sample (a RoomSample whose values are all None) gives a row of all None; across a gap or a counter
reset a rate is None, never 0.

`Deriver.push(sample)` is the incremental form for live use; `derive_rows(samples)` is the batch form and is
defined as pushing every sample through a fresh Deriver, so both give identical rows. The recorder stores the live
rows with their `DERIVED_REVISION`, so a recorded session opens without deriving every sample again.
"""

from __future__ import annotations

from typing import Sequence

from dyconsole.core.estimate import DwellModel, OnlineEstimator
from dyconsole.core.glossary import DATA_AGE_TERM, DERIVED_TERMS, Term
from dyconsole.core.metrics import REAL_ONLINE
from dyconsole.core.model import RoomSample
from dyconsole.core.rates import DEFAULT_WINDOW_S, CounterWindow, WindowDelta, rate_per_min, window_ratio

#: the derived metrics, in column order: their glossary entries (names, labels, units live in core.glossary)
DERIVED: tuple[Term, ...] = DERIVED_TERMS
DERIVED_NAMES: tuple[str, ...] = tuple(d.name for d in DERIVED)
DERIVED_BY_NAME: dict[str, Term] = {d.name: d for d in DERIVED}

#: the revision of the computation below: the recorder stores it beside the derived figures it writes
#: (room_samples.derived_rev), and review uses stored figures only of this revision (bump it when a change here
#: changes a figure, so sessions recorded before are derived again when they are opened)
DERIVED_REVISION = 1

#: runtime-only: seconds since the last good room sample (the live feed computes it; never exported)
DATA_AGE = DATA_AGE_TERM

ENTRIES = "total_live_watch_cnt"
ONE_MIN = "live_watch_one_minute_count"
PRODUCT_SHOWS = "live_product_show_cnt_alias"
PRODUCT_CLICKS = "live_click_product_count_alias"
PAID_ORDERS = "live_pay_order_count_alias"
GMV = "live_pay_order_gmv_alias"
AD_COST = "stat_cost"
#: the derived flag: 1.0 when a poll's online figure is the console's estimate (its source had no real count)
ONLINE_IS_ESTIMATE = "online_is_estimate"
#: per-minute rate name -> the counter it comes from
RATE_COUNTERS: dict[str, str] = {
    "entries_per_min": ENTRIES,
    "likes_per_min": "total_live_like_cnt",
    "comments_per_min": "total_live_comment_cnt",
    "shares_per_min": "total_live_share_cnt",
    "follows_per_min": "total_live_follow_cnt",
    "product_clicks_per_min": PRODUCT_CLICKS,
    "paid_orders_per_min": PAID_ORDERS,
    "gmv_per_min": GMV,
    "ad_cost_per_min": AD_COST,
}
#: the counters an interaction is made of (likes are unconfirmed: a source without them sums the rest)
INTERACTION_COUNTERS: tuple[str, ...] = (
    "total_live_like_cnt",
    "total_live_comment_cnt",
    "total_live_share_cnt",
    "total_live_follow_cnt",
)


def is_gap(sample: RoomSample) -> bool:
    """A gap sample: a poll that yielded no values at all."""
    return all(v is None for v in sample.values.values())


def _cumulative_ratio(num: float | None, den: float | None, scale: float = 1.0) -> float | None:
    if num is None or den is None or den <= 0:
        return None
    return num / den * scale


class Deriver:
    """Incremental derived metrics: push room samples in time order, get one row per sample."""

    def __init__(self, window_s: float = DEFAULT_WINDOW_S, dwell_model: DwellModel | None = None) -> None:
        self.window_s = window_s
        self._windows: dict[str, CounterWindow] = {
            c: CounterWindow(window_s) for c in {*RATE_COUNTERS.values(), PRODUCT_SHOWS}
        }
        self._interactions = CounterWindow(window_s)
        self._estimator = OnlineEstimator(dwell_model)

    def push(self, sample: RoomSample) -> dict[str, float | None]:
        row: dict[str, float | None] = dict.fromkeys(DERIVED_NAMES)
        if is_gap(sample):
            for win in (*self._windows.values(), self._interactions):
                win.reset()
            self._estimator.push(sample.ts, None, None)
            return row
        ts, get = sample.ts, sample.get
        deltas: dict[str, WindowDelta | None] = {c: w.push(ts, get(c)) for c, w in self._windows.items()}
        for name, counter in RATE_COUNTERS.items():
            row[name] = rate_per_min(deltas[counter])

        present = tuple(c for c in INTERACTION_COUNTERS if get(c) is not None)
        total = sum(get(c) or 0.0 for c in present) if present else None
        inter = self._interactions.push(ts, total, basis=present)
        row["interactions_per_min"] = rate_per_min(inter)
        row["interaction_rate"] = window_ratio(inter, deltas[ENTRIES])
        if get(PRODUCT_SHOWS) is not None:
            row["product_click_rate"] = window_ratio(deltas[PRODUCT_CLICKS], deltas[PRODUCT_SHOWS])
        else:
            row["product_click_rate"] = window_ratio(deltas[PRODUCT_CLICKS], deltas[ENTRIES])
        row["conversion_rate"] = window_ratio(deltas[PAID_ORDERS], deltas[ENTRIES])

        gmv = get(GMV)
        row["gpm"] = _cumulative_ratio(gmv, get(ENTRIES), 1000.0)
        if row["gpm"] is None:
            row["gpm"] = get("total_live_pay_order_gpm")
        row["live_roi"] = _cumulative_ratio(gmv, get(AD_COST))
        if row["live_roi"] is None:
            row["live_roi"] = get("live_pay_order_gmv_roi")

        est = self._estimator.push(ts, get(ENTRIES), get(ONE_MIN))
        if est is not None:
            row["online_estimate"] = est.online
            row["avg_dwell_s"] = est.mean_dwell_s
            row["long_stay_share"] = est.long_share
            row["long_stay_share_low"], row["long_stay_share_high"] = est.long_share_low, est.long_share_high
        real = get(REAL_ONLINE)
        if real is not None:
            row["online"], row["online_is_estimate"] = real, 0.0
        elif est is not None:
            row["online"], row["online_is_estimate"] = est.online, 1.0
        return row


def derive_rows(
    samples: Sequence[RoomSample], window_s: float = DEFAULT_WINDOW_S, dwell_model: DwellModel | None = None
) -> list[dict[str, float | None]]:
    """One dict of DERIVED_NAMES per sample, same order (the batch form of Deriver)."""
    deriver = Deriver(window_s, dwell_model)
    return [deriver.push(s) for s in samples]
