"""The big-screen KPI tiles (each names its core.glossary entry): each tile's value now and its change over the last N minutes (default 5).

Fed with each room sample and its derived row (core.derived). Which tiles show, and N, are the UI's settings.
A gap sample changes nothing (the tiles keep the last good values; `as_of` says when that was). Online figures
say whether they are the real count or the estimate. Conversion rate here is the session's (cumulative paid
orders / views); the per-minute window figure is the derived `conversion_rate`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Mapping, Sequence

from dyconsole.core import glossary
from dyconsole.core.derived import ENTRIES, GMV, PAID_ORDERS, AD_COST, is_gap
from dyconsole.core.model import RoomSample

DEFAULT_CHANGE_MIN = 5.0


@dataclass(frozen=True, slots=True)
class TileSpec(glossary.Named):
    """A tile: its label and unit (count, seconds, yuan, ratio shown as %, multiple for ROI) are its glossary
    entry's."""

    id: str  # the tile's id in the settings
    term: str  # its glossary key


TILES: tuple[TileSpec, ...] = (
    TileSpec("online_now", "online"),
    TileSpec("peak_online", "peak_online"),
    TileSpec("cumulative_viewers", ENTRIES),
    TileSpec("avg_dwell", "avg_dwell_s"),
    TileSpec("gmv", GMV),
    TileSpec("paid_orders", PAID_ORDERS),
    TileSpec("gpm", "gpm"),
    TileSpec("conversion_rate", "conversion_rate"),
    TileSpec("ad_spend", AD_COST),
    TileSpec("live_roi", "live_roi"),
)
TILE_IDS: tuple[str, ...] = tuple(t.id for t in TILES)
TILE_BY_ID: dict[str, TileSpec] = {t.id: t for t in TILES}


@dataclass(frozen=True, slots=True)
class Tile:
    spec: TileSpec
    value: float | None
    change: float | None  # value now - value N minutes ago (None without that much history)
    is_estimate: bool  # the value is the console's estimate, not the source's figure
    as_of: float | None  # broadcast time of the sample behind the value

    @property
    def id(self) -> str:
        return self.spec.id


class KpiTracker:
    """Incremental tiles: push (sample, derived row) in time order; ask for the tiles whenever."""

    def __init__(self, keep_s: float = 3600.0) -> None:
        self.keep_s = keep_s
        self._now: dict[str, float | None] = dict.fromkeys(TILE_IDS)
        self._estimate: dict[str, bool] = dict.fromkeys(TILE_IDS, False)
        self._estimate["avg_dwell"] = True
        self._history: dict[str, deque[tuple[float, float]]] = {t: deque() for t in TILE_IDS}
        self._as_of: float | None = None

    def push(self, sample: RoomSample, row: Mapping[str, float | None]) -> None:
        if is_gap(sample):
            return
        ts, get = sample.ts, sample.get
        online = row.get("online")
        watch, paid = get(ENTRIES), get(PAID_ORDERS)
        values: dict[str, float | None] = {
            "online_now": online,
            "cumulative_viewers": watch,
            "avg_dwell": row.get("avg_dwell_s"),
            "gmv": get(GMV),
            "paid_orders": paid,
            "gpm": row.get("gpm"),
            "conversion_rate": paid / watch if paid is not None and watch else None,
            "ad_spend": get(AD_COST),
            "live_roi": row.get("live_roi"),
        }
        online_est = row.get("online_is_estimate") == 1.0
        self._estimate["online_now"] = online_est
        peak = self._now["peak_online"]
        if online is not None and (peak is None or online > peak):
            values["peak_online"] = online
            self._estimate["peak_online"] = online_est
        else:
            values["peak_online"] = peak
        self._as_of = ts
        for tile, v in values.items():
            self._now[tile] = v
            if v is not None:
                hist = self._history[tile]
                hist.append((ts, v))
                while hist and ts - hist[0][0] > self.keep_s:
                    hist.popleft()

    def seed_peak(self, online: float, is_estimate: bool) -> None:
        """Start from a peak online reached before the first sample pushed (review primes the tiles with the last
        hour of a session only; core.review.session.ReviewTiles)."""
        self._now["peak_online"] = online
        self._estimate["peak_online"] = is_estimate

    def _before(self, tile: str, t: float) -> float | None:
        """The tile's value at the last point at or before t."""
        found = None
        for ts, v in self._history[tile]:
            if ts > t:
                break
            found = v
        return found

    def tiles(self, change_min: float = DEFAULT_CHANGE_MIN, ids: Sequence[str] = TILE_IDS) -> list[Tile]:
        if change_min * 60.0 > self.keep_s:
            raise ValueError(f"change window {change_min} min is longer than the kept history")
        out: list[Tile] = []
        for tile in ids:
            v = self._now[tile]
            then = self._before(tile, self._as_of - change_min * 60.0) if self._as_of is not None else None
            change = v - then if v is not None and then is not None else None
            out.append(Tile(TILE_BY_ID[tile], v, change, self._estimate[tile], self._as_of))
        return out


def kpi_tiles(
    samples: Sequence[RoomSample],
    rows: Sequence[Mapping[str, float | None]],
    change_min: float = DEFAULT_CHANGE_MIN,
) -> list[Tile]:
    """Batch form: the tiles after a whole (stored) session."""
    tracker = KpiTracker(keep_s=max(3600.0, change_min * 60.0))
    for sample, row in zip(samples, rows):
        tracker.push(sample, row)
    return tracker.tiles(change_min)
