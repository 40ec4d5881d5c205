"""The demo room's settings (SimConfig), the model's tuning constants, and the random streams.

Randomness: only numpy.random.Generator(PCG64). Each one-minute chunk of broadcast time has its own streams,
one per kind of draw, seeded from (seed, chunk, stream): every stream is consumed in time order with a fixed
number of draws per item, so re-simulating a chunk from its start reproduces its past exactly. That is what
makes `advance_to` split-invariant and lets operator actions take effect mid-chunk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

#: broadcast seconds simulated together (vectorised); results never depend on it
CHUNK_S = 60
#: Asia/Shanghai has no daylight saving time
SHANGHAI = timezone(timedelta(hours=8))
DAY_S = 86_400

# --- viewers ------------------------------------------------------------------------------------------------
LONG_STAY_S = 180  # viewers past 3 minutes in the room convert noticeably more
LONG_STAY_BUY_WEIGHT = 3.0  # ... this many times more than a newcomer
ONE_MINUTE_S = 60
ENTER_PER_IMPRESSION = 0.12  # organic room impressions -> entries
MAX_DWELL_S = 2 * 3600

# --- ads ----------------------------------------------------------------------------------------------------
AD_CTR = 0.035  # ad impression -> click (a click enters the room)

# --- products -----------------------------------------------------------------------------------------------
PRODUCT_VIEW_RATE = 0.010  # product impressions per viewer-second, for the first list position
EXPLAIN_BOOST = 6.0  # impressions of the product being explained
EXPLAIN_CTR_BOOST = 1.5
BASE_CTR = 0.03  # product click-through at appeal 1
MAX_CTR = 0.6
CART_P = 0.35  # product click -> cart click
BASE_CREATE_P = 0.025  # cart click -> order created, at appeal 1
PAY_P = 0.86  # created -> paid
MEAN_ITEM_NUM = 1.15

# --- orders after payment -----------------------------------------------------------------------------------
REFUND_P = 0.08
REPURCHASE_P = 0.06
UNPAID_CANCEL_S = 1800


@dataclass(frozen=True)
class SimConfig:
    seed: int = 1
    start_ts: float = 1_767_000_000.0  # broadcast start, epoch seconds (callers pass clock.now())
    duration_s: int = 3 * 3600
    n_products: int | None = None  # None: 20..60 chosen by the seed
    room_id: str = "7300000000000000001"
    title: str = "好物直播间 · 冬季上新专场"
    aweme_id: str = "1000000001"
    aweme_name: str = "好物研究所"
    advertiser_id: str = "1760000000000001"
    shop_id: str = "31415926"
    #: the true relative effect on conversion of an A/B test's treatment (every variant but the control "A");
    #: None: drawn from the seed (AB_EFFECT_RANGE), or the scenario's
    ab_effect: float | None = None
    #: arrivals x this factor on each weekday of the start (Monday first, Shanghai time); empty: no weekly pattern
    weekday_effect: tuple[float, ...] = ()

    def __post_init__(self) -> None:
        if int(self.duration_s) < 60:
            raise ValueError("duration_s must be at least 60")
        if self.n_products is not None and not 1 <= int(self.n_products) <= 500:
            raise ValueError("n_products must be between 1 and 500")
        if self.ab_effect is not None and not -0.9 <= float(self.ab_effect) <= 5.0:
            raise ValueError("ab_effect must be between -0.9 and 5")
        if self.weekday_effect and (len(self.weekday_effect) != 7 or min(self.weekday_effect) <= 0):
            raise ValueError("weekday_effect needs 7 positive factors, Monday first")

    @property
    def arrivals_factor(self) -> float:
        """The weekly pattern's factor on this broadcast's arrivals (1 without one)."""
        if not self.weekday_effect:
            return 1.0
        weekday = int((self.start_ts + 8 * 3600) // 86400 + 3) % 7  # 1970-01-01 was a Thursday; Shanghai = UTC+8
        return float(self.weekday_effect[weekday])


#: stream namespaces (never renumber: they are part of the seed of every draw)
NS_CHUNK = 0  # (NS_CHUNK, chunk index, draw number): the draws of one chunk of broadcast time
NS_SETUP = 1  # (NS_SETUP, what): the catalog, the traffic plan, the host's pace, a viral product
NS_LEAVE = 2  # (NS_LEAVE, second): who leaves early at a viewer drop
NS_AB = 3  # (NS_AB, variant's code points...): a variant's true A/B effect when it is drawn

#: A/B test: the control variant (no effect) and the range a drawn treatment effect comes from (relative)
AB_CONTROL = "A"
AB_EFFECT_RANGE = (-0.15, 0.30)


def stream(seed: int, *key: int) -> np.random.Generator:
    """The random stream for `key` (e.g. chunk index and stream id) under `seed`."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed) % 2**63, *key])))


def shanghai_time(ts: float) -> str:
    """'YYYY-MM-DD HH:MM:SS' in Asia/Shanghai, as the Qianchuan API formats times."""
    return datetime.fromtimestamp(ts, SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
