"""The click heat map's figures (pure): products x broadcast minutes of clicks, impressions and explanation, kept up
to date one products poll at a time (`ProductHeat.update(history)`), the readout of one cell (`HeatCell`), and the
report's picture of it (`heat_picture`).

`ProductHeat` reads a core.products.history.ProductHistory: each update recomputes only the minutes the new polls
fall in (the last minute, still filling, and any new ones) from those polls alone, the same gains as
`ProductHistory.minute_deltas(field)` (which reads the whole history: too slow for every poll of a long show), and
marks a cell "explained" when the product was being explained (讲解中) at any poll of that minute. Rows are kept in
the history's order of first appearance (`ids`); `display_order()` gives the rows in the current list order.
`heat_picture` is the report's still of it (the top products).
CTR per minute = clicks / impressions of the minute (None where there were no impressions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from dyconsole.core.products.history import CLICKS, IMPRESSIONS, ProductHistory


#: what a heat map can show per cell
CLICKS_MODE, CTR_MODE = "clicks", "ctr"


@dataclass(frozen=True, slots=True)
class HeatCell:
    """One cell's readout: a product in one broadcast minute (None = not known)."""

    product_id: str
    title: str
    minute: int
    minute_start: float  # broadcast time the minute starts at
    clicks: float | None
    impressions: float | None
    explained: bool

    @property
    def ctr(self) -> float | None:
        return ctr(self.clicks, self.impressions)


def ctr(clicks: float | None, impressions: float | None) -> float | None:
    """Clicks per impression; None without impressions."""
    if clicks is None or impressions is None or not impressions > 0:
        return None
    return clicks / impressions


def _last_finite(a: np.ndarray, init: np.ndarray) -> np.ndarray:
    """Row by row, each column's last finite value so far (`init` before the first)."""
    rows = np.arange(a.shape[0])[:, None]
    last = np.maximum.accumulate(np.where(np.isfinite(a), rows, -1), axis=0)
    return np.where(last >= 0, np.take_along_axis(a, np.maximum(last, 0), axis=0), init[None, :])


def _grown(a: np.ndarray, rows: int, cols: int, fill: Any) -> np.ndarray:
    if a.shape[0] >= rows and a.shape[1] >= cols:
        return a
    out = np.full((max(rows, a.shape[0]), max(cols, a.shape[1] * 2 if cols > a.shape[1] else a.shape[1])), fill,
                  dtype=a.dtype)
    out[:a.shape[0], :a.shape[1]] = a
    return out


class ProductHeat:
    """Clicks, impressions and explanation per product and broadcast minute, updated poll by poll."""

    def __init__(self, start: float | None = None) -> None:
        self._given_start = start
        self._reset()

    def _reset(self) -> None:
        self.start = self._given_start  # broadcast time of minute 0 (default: the history's first poll)
        self.ids: list[str] = []
        self.titles: dict[str, str] = {}
        self.minutes = 0
        self._clicks = np.full((0, 0), np.nan)
        self._shows = np.full((0, 0), np.nan)
        self._explained = np.zeros((0, 0), dtype=bool)
        self._done = 0  # polls of the history taken in
        self._order: list[str] = []
        # per counter: each product's last value before the poll `_base_at` (NaN: none), where the minutes being
        # recomputed start; it moves on with them, so an update reads only the polls of its last minutes
        self._base: dict[str, np.ndarray] = {CLICKS: np.full(0, np.nan), IMPRESSIONS: np.full(0, np.nan)}
        self._base_at = 0

    # --- updating ------------------------------------------------------------------------------------------------
    def update(self, history: ProductHistory) -> int | None:
        """Take in the history's new polls; returns the first minute that changed (None: nothing new). A history
        shorter than what was taken in (a new session) starts the heat over."""
        n = len(history)
        if n < self._done:
            self._reset()
        if n == self._done:
            return None
        ts = history.ts
        if self.start is None:
            self.start = float(ts[0])
        first = max(0, int(math.floor((float(ts[self._done]) - self.start) / 60.0)))
        p0 = int(np.searchsorted(ts, self.start + 60.0 * first, side="left"))  # the first poll of that minute
        self.ids = list(history.ids)
        self.titles = dict(history.titles)
        end = int(math.floor((float(ts[n - 1]) - self.start) / 60.0)) + 1
        self._clicks = _grown(self._clicks, len(self.ids), end, np.nan)
        self._shows = _grown(self._shows, len(self.ids), end, np.nan)
        self._explained = _grown(self._explained, len(self.ids), end, False)
        minute = np.floor((ts[p0:n] - self.start) / 60.0).astype(np.int64) - first
        for field, out in ((CLICKS, self._clicks), (IMPRESSIONS, self._shows)):
            out[:len(self.ids), first:end] = self._gains(history, field, p0, minute, end - first)
        self._base_at = p0
        index = {pid: k for k, pid in enumerate(self.ids)}
        for i in range(self._done, n):
            m = int(math.floor((float(ts[i]) - self.start) / 60.0))
            if m >= 0:
                for pid in history.being_explained(float(ts[i])):
                    self._explained[index[pid], m] = True
        self.minutes = max(self.minutes, end)
        self._done = n
        self._order = [r.product_id for r in history.latest()]
        return first

    def _gains(self, history: ProductHistory, field: str, p0: int, minute: np.ndarray, minutes: int) -> np.ndarray:
        """[product, minute] gains of `field` over the polls from `p0` (their minutes, relative, in `minute`), as
        ProductHistory.minute_deltas gives them: a minute's last value minus the last value before it; a product
        first listed at the history's first poll counts from that value, one listed later from 0."""
        products = len(history.ids)
        base = np.concatenate((self._base[field], np.full(products - len(self._base[field]), np.nan)))
        if p0 > self._base_at:
            base = _last_finite(history.field(field, self._base_at, p0), base)[-1]
        self._base[field] = base
        tail = history.field(field, p0)
        if p0 == 0 and len(tail):
            init = np.where(np.isfinite(base), base, np.where(np.isfinite(tail[0]), tail[0], 0.0))
        else:
            init = np.where(np.isfinite(base), base, 0.0)
        filled = _last_finite(tail, init)
        finite = np.isfinite(tail)
        out = np.full((products, minutes), np.nan)
        starts = np.searchsorted(minute, np.arange(minutes), side="left")
        stops = np.searchsorted(minute, np.arange(minutes), side="right")
        for c, (a, b) in enumerate(zip(starts.tolist(), stops.tolist())):
            if b > a:
                before = filled[a - 1] if a else init
                out[:, c] = np.where(finite[a:b].any(axis=0), filled[b - 1] - before, np.nan)
        return out

    # --- reading -------------------------------------------------------------------------------------------------
    def display_order(self) -> list[int]:
        """Row indexes in the current list order (products no longer listed after, in order of appearance)."""
        index = {pid: k for k, pid in enumerate(self.ids)}
        listed = [index[pid] for pid in self._order if pid in index]
        seen = set(listed)
        return listed + [k for k in range(len(self.ids)) if k not in seen]

    def matrix(self, mode: str = CLICKS_MODE) -> np.ndarray:
        """[product, minute] of clicks per minute or CTR per minute (NaN where unknown), rows as `ids`."""
        clicks = self._clicks[:len(self.ids), :self.minutes]
        if mode == CLICKS_MODE:
            return clicks
        shows = self._shows[:len(self.ids), :self.minutes]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(shows > 0, clicks / shows, np.nan)

    def explained(self) -> np.ndarray:
        """[product, minute]: the product was being explained at some poll of the minute."""
        return self._explained[:len(self.ids), :self.minutes]

    def cell(self, row: int, minute: int) -> HeatCell | None:
        """The readout of product row `row` (as `ids`) in minute `minute`; None outside the map."""
        if not (0 <= row < len(self.ids) and 0 <= minute < self.minutes) or self.start is None:
            return None
        pid = self.ids[row]
        c, s = float(self._clicks[row, minute]), float(self._shows[row, minute])
        return HeatCell(pid, self.titles.get(pid, pid), minute, self.start + 60.0 * minute,
                        c if math.isfinite(c) else None, s if math.isfinite(s) else None,
                        bool(self._explained[row, minute]))

    def minute_of(self, ts: float) -> int:
        """The minute (column) broadcast time `ts` falls in."""
        return int(math.floor((ts - (self.start or 0.0)) / 60.0))


@dataclass(frozen=True)
class HeatPicture:
    """What a report draws of the heat map: the top rows (titles, in list order) x minutes of clicks per minute,
    the explained cells and the order changes."""

    titles: tuple[str, ...]
    start: float
    clicks: np.ndarray  # [row, minute], NaN unknown
    explained: np.ndarray  # [row, minute] bool
    changes: tuple[float, ...] = ()


def heat_picture(history: ProductHistory, changes: Sequence[float] = (), rows: int = 20,
                 start: float | None = None) -> HeatPicture | None:
    """The report's heat map: the `rows` products with the most clicks, in their last list order; None when the
    session has no product poll."""
    heat = ProductHeat(start)
    if heat.update(history) is None or not heat.minutes:
        return None
    clicks, explained = heat.matrix(CLICKS_MODE), heat.explained()
    total = np.nansum(clicks, axis=1)
    top = set(np.argsort(-total, kind="stable")[:rows].tolist())
    order = [k for k in heat.display_order() if k in top]
    return HeatPicture(tuple(heat.titles.get(heat.ids[k], heat.ids[k]) for k in order), float(heat.start or 0.0),
                       clicks[order], explained[order], tuple(changes))
