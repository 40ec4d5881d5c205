"""What "normal" means for a "below the norm" rule: a configurable category norm table, or the room's own
baseline built from its cached sessions.

No official API publishes a market benchmark (shared/API.md), so the category norms are a table the operator
configures (defaults.EXAMPLE_NORMS ships illustrative values). The baseline is the median, over past
broadcasts, of a metric at the same broadcast minute (optionally pooling +-`spread_min` neighbouring minutes),
computed from per-minute arrays the caller reads from storage (`per_minute` turns a raw series into one).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np

#: the row of a norm table used when the room's category has no value for a metric (or no category is set)
ANY_CATEGORY = "*"


@dataclass(frozen=True, slots=True)
class NormTable:
    """category -> metric -> norm value. `get` falls back to the ANY_CATEGORY row."""

    values: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def get(self, category: str | None, metric: str) -> float | None:
        for row in (category, ANY_CATEGORY):
            if row is None:
                continue
            value = self.values.get(row, {}).get(metric)
            if value is not None and math.isfinite(value):
                return float(value)
        return None

    def categories(self) -> list[str]:
        return sorted(self.values)

    def with_value(self, category: str, metric: str, value: float | None) -> "NormTable":
        """A copy with one norm set (or removed, with None)."""
        rows = {c: dict(m) for c, m in self.values.items()}
        row = rows.setdefault(category, {})
        if value is None:
            row.pop(metric, None)
        else:
            row[metric] = float(value)
        return NormTable({c: m for c, m in rows.items() if m})


def per_minute(elapsed_s: Sequence[float], values: Sequence[float | None], minutes: int | None = None) -> np.ndarray:
    """Mean of the finite values in each broadcast minute (index = elapsed // 60); NaN for a minute without any."""
    t = np.asarray(elapsed_s, dtype=float)
    v = np.asarray([np.nan if x is None else x for x in values], dtype=float)
    ok = np.isfinite(t) & np.isfinite(v) & (t >= 0)
    idx = (t[ok] // 60).astype(int)
    n = int(minutes) if minutes is not None else (int(idx.max()) + 1 if idx.size else 0)
    keep = idx < n
    idx, vals = idx[keep], v[ok][keep]
    sums = np.bincount(idx, weights=vals, minlength=n)
    counts = np.bincount(idx, minlength=n)
    out = np.full(n, np.nan)
    np.divide(sums, counts, out=out, where=counts > 0)
    return out


@dataclass(frozen=True, slots=True)
class Baseline:
    """metric -> per-minute medians over past sessions (NaN where too few sessions had a value)."""

    medians: Mapping[str, np.ndarray] = field(default_factory=dict)
    sessions: int = 0

    @classmethod
    def from_sessions(
        cls,
        per_session: Mapping[str, Sequence[Sequence[float | None]]],
        min_sessions: int = 2,
        spread_min: int = 1,
    ) -> "Baseline":
        """Build from metric -> [one per-minute array per past session].

        A minute's baseline is the median of the values of minutes m-spread_min..m+spread_min of every past
        session, provided at least `min_sessions` sessions have a value there.
        """
        medians: dict[str, np.ndarray] = {}
        n_sessions = 0
        for metric, arrays in per_session.items():
            rows = [np.asarray([np.nan if x is None else x for x in a], dtype=float) for a in arrays]
            n_sessions = max(n_sessions, len(rows))
            length = max((len(r) for r in rows), default=0)
            grid = np.full((len(rows), length), np.nan)
            for i, r in enumerate(rows):
                grid[i, : len(r)] = r
            out = np.full(length, np.nan)
            for m in range(length):
                pool = grid[:, max(0, m - spread_min) : m + spread_min + 1]
                finite = np.isfinite(pool)
                if int(finite.any(axis=1).sum()) >= min_sessions:
                    out[m] = float(np.median(pool[finite]))
            medians[metric] = out
        return cls(medians, n_sessions)

    def value(self, metric: str, elapsed_s: float | None) -> float | None:
        """The baseline of `metric` at this broadcast time, or None when unknown."""
        arr = self.medians.get(metric)
        if arr is None or elapsed_s is None or not math.isfinite(elapsed_s) or elapsed_s < 0:
            return None
        m = int(elapsed_s // 60)
        if m >= len(arr) or not math.isfinite(arr[m]):
            return None
        return float(arr[m])
