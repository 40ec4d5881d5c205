"""How much chance to be clicked a product had between two product polls: its exposure, so that a jump in clicks
is judged per unit of exposure and not per second.

- When the source serves the product's impressions (live_product_show_cnt_alias) at both polls, the exposure
  is the impressions in between: moving to the top of the list or being explained brings impressions, and
  clicks per impression do not move with them.
- Otherwise the exposure is the room's attention over the interval: the clicks of the OTHER products that were
  not being explained at either poll (an audience surge or a quiet spell moves them alike), compared only within
  one position band (1-3, 4-10, 11-20, 21+): a product that changes band starts a new comparison.

Being explained still raises clicks per unit of exposure (the host demonstrates it). That factor is learned
from the room itself: the Mantel-Haenszel rate ratio "explained vs not", pooled over products, each product
compared only with itself (intervals with the same explanation state at both polls). Until the room has shown
it, an interval in an explanation state the product's comparison has not seen cannot be weighed and starts a
new comparison instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping

from dyconsole.core.derived import PRODUCT_CLICKS, PRODUCT_SHOWS
from dyconsole.core.model import ProductSample

EXPLAINING = "BEINGEXPLAIN"
#: upper ends of the position bands 1-3, 4-10, 11-20 (then 21+)
BAND_LIMITS: tuple[int, ...] = (3, 10, 20)


def position_band(position: int | None) -> int | None:
    """0 for positions 1-3, 1 for 4-10, 2 for 11-20, 3 beyond; None when the position is unknown."""
    if position is None:
        return None
    return sum(position > limit for limit in BAND_LIMITS)


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


@dataclass(frozen=True, slots=True)
class Reading:
    """One product at one poll."""

    ts: float
    clicks: float
    impressions: float | None
    explaining: bool
    band: int | None

    @classmethod
    def from_sample(cls, ts: float, sample: ProductSample) -> "Reading | None":
        clicks = _finite(sample.values.get(PRODUCT_CLICKS))
        if clicks is None:
            return None
        return cls(ts, clicks, _finite(sample.values.get(PRODUCT_SHOWS)), sample.explain_status == EXPLAINING,
                   position_band(sample.position))


@dataclass(frozen=True, slots=True)
class Interval:
    """One product between its previous reading and this poll. `comparable` False: the clicks cannot be
    compared with the product's past (a counter went down, the exposure changed kind, the band changed without
    impressions, the product was missing from the previous poll without impressions)."""

    clicks: float
    exposure: float
    by_impressions: bool
    explaining: tuple[bool, bool]  # at the previous poll, at this one
    band: int | None
    comparable: bool = True

    @property
    def steady(self) -> bool:
        """The same explanation state at both polls (used to learn the explanation factor)."""
        return self.explaining[0] == self.explaining[1]


def intervals(previous: Mapping[str, Reading], current: Mapping[str, Reading],
              previous_poll_ts: float | None) -> dict[str, Interval]:
    """The interval of every product of `current` that has an earlier reading in `previous`."""
    # the room's attention: clicks of products not being explained, present at both polls, counters intact
    attention: dict[str, float] = {}
    for pid, now in current.items():
        before = previous.get(pid)
        if (before is not None and before.ts == previous_poll_ts and not before.explaining and not now.explaining
                and now.clicks >= before.clicks):
            attention[pid] = now.clicks - before.clicks
    room_attention = sum(attention.values())
    out: dict[str, Interval] = {}
    for pid, now in current.items():
        before = previous.get(pid)
        if before is None:
            continue
        clicks = now.clicks - before.clicks
        state = (before.explaining, now.explaining)
        if now.impressions is not None and before.impressions is not None:
            shown = now.impressions - before.impressions
            ok = clicks >= 0 and shown >= 0
            out[pid] = Interval(clicks, shown, True, state, now.band, ok)
            continue
        ok = (clicks >= 0 and before.impressions is None and before.ts == previous_poll_ts
              and before.band == now.band)
        out[pid] = Interval(clicks, room_attention - attention.get(pid, 0.0), False, state, now.band, ok)
    return out


@dataclass(slots=True)
class _Pair:
    """A product's clicks and exposure while explained (1) and not (0), in one exposure kind and band."""

    k0: float = 0.0
    n0: float = 0.0
    k1: float = 0.0
    n1: float = 0.0


@dataclass(slots=True)
class ExplanationFactor:
    """Clicks per unit of exposure while explained / while not, learned from the room (Mantel-Haenszel)."""

    _pairs: dict[tuple[str, bool, int | None], _Pair] = field(default_factory=dict)

    def learn(self, product_id: str, interval: Interval) -> None:
        if not interval.comparable or not interval.steady or interval.exposure <= 0:
            return
        key = (product_id, interval.by_impressions, None if interval.by_impressions else interval.band)
        pair = self._pairs.setdefault(key, _Pair())
        if interval.explaining[1]:
            pair.k1 += interval.clicks
            pair.n1 += interval.exposure
        else:
            pair.k0 += interval.clicks
            pair.n0 += interval.exposure

    def value(self, by_impressions: bool) -> float | None:
        """The rate ratio for one exposure kind; None until some product has clicks in both states."""
        top = bottom = 0.0
        for (_, kind, _), p in self._pairs.items():
            total = p.n0 + p.n1
            if kind is not by_impressions or p.n0 <= 0 or p.n1 <= 0:
                continue
            top += p.k1 * p.n0 / total
            bottom += p.k0 * p.n1 / total
        return top / bottom if top > 0 and bottom > 0 else None

    def weight(self, interval: Interval) -> float | None:
        """What one unit of this interval's exposure is worth in units of "not explained" exposure; None when it
        cannot be told. An interval in which a turn began or ended counts as explained throughout: most of its
        exposure came from the turn, and a surge test must not read the turn as one."""
        if not any(interval.explaining):
            return 1.0
        return self.value(interval.by_impressions)
