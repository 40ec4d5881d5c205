"""Resampling a session's per-poll values to a report granularity (1, 5 or 15 minutes), for exports and charts.

Buckets are aligned to whole multiples of the granularity in epoch time (so 20:00, 20:05, 20:10 ... in any zone
whose UTC offset is a whole number of quarter hours); a row is labelled with its bucket's START. Per column:
- cumulative counters (and the cumulative ratios gpm / live_roi, and the platform's own gauges, which it computes
  over the room so far): the LAST value seen in the bucket, i.e. the value as of the end of the bucket;
- per-minute rates, window ratios, online counts and the estimated stay: the MEAN of the bucket's values;
- the `online_is_estimate` flag: the MAX (1 if any value in the bucket was an estimate).
Gap polls and missing values are skipped; a bucket with no value is None (an empty cell, never 0), and every
bucket between the first and the last poll is present, so an outage shows as empty rows.
`granularity_min=None` keeps one row per poll (gap polls as rows of None).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from dyconsole.core.derived import DERIVED_BY_NAME, is_gap
from dyconsole.core.metrics import BY_NAME
from dyconsole.core.model import RoomSample

GRANULARITIES: tuple[int, ...] = (1, 5, 15)
LAST, MEAN, MAX = "last", "mean", "max"
#: derived metrics that are cumulative (taken as the last value, like the counters)
_CUMULATIVE_DERIVED = frozenset({"gpm", "live_roi"})

Value = float | None


def aggregation(name: str) -> str:
    """How a column is resampled: 'last', 'mean' or 'max' (see the module doc). Raises KeyError if unknown."""
    if name in BY_NAME:
        return LAST
    unit = DERIVED_BY_NAME[name].unit
    if unit == "flag":
        return MAX
    return LAST if name in _CUMULATIVE_DERIVED else MEAN


@dataclass(frozen=True, slots=True)
class SeriesTable:
    """Rows of values at one granularity: `ts[i]` is the bucket start (or the poll time), `columns[name][i]`."""

    ts: tuple[float, ...]
    columns: Mapping[str, tuple[Value, ...]]
    granularity_min: int | None

    def __len__(self) -> int:
        return len(self.ts)


def _clean(v: object) -> Value:
    if v is None:
        return None
    f = float(v)  # type: ignore[arg-type]
    return None if math.isnan(f) else f


def _reduce(kind: str) -> Callable[[list[float]], Value]:
    if kind == LAST:
        return lambda vs: vs[-1] if vs else None
    if kind == MAX:
        return lambda vs: max(vs) if vs else None
    return lambda vs: math.fsum(vs) / len(vs) if vs else None


def resample(
    samples: Sequence[RoomSample],
    derived_rows: Sequence[Mapping[str, Value]],
    names: Sequence[str],
    granularity_min: int | None,
) -> SeriesTable:
    """The `names` columns (room metrics and derived metrics) of these samples at `granularity_min`.

    `derived_rows` are `derive_rows(samples)` (one per sample). Raises ValueError for a granularity not in
    GRANULARITIES and KeyError for an unknown name.
    """
    if len(samples) != len(derived_rows):
        raise ValueError("one derived row per sample is needed")
    kinds = {name: aggregation(name) for name in names}

    def value(i: int, name: str) -> Value:
        return _clean(derived_rows[i].get(name) if name in DERIVED_BY_NAME else samples[i].values.get(name))

    if granularity_min is None:
        cols = {n: tuple(None if is_gap(s) else value(i, n) for i, s in enumerate(samples)) for n in names}
        return SeriesTable(tuple(s.ts for s in samples), cols, None)
    if granularity_min not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(map(str, GRANULARITIES))} minutes")
    if not samples:
        return SeriesTable((), {n: () for n in names}, granularity_min)
    step = granularity_min * 60.0
    first = math.floor(samples[0].ts / step)
    last = math.floor(samples[-1].ts / step)
    n_buckets = last - first + 1
    members: list[list[int]] = [[] for _ in range(n_buckets)]
    for i, s in enumerate(samples):
        if not is_gap(s):
            members[math.floor(s.ts / step) - first].append(i)
    cols: dict[str, tuple[Value, ...]] = {}
    for name in names:
        reduce = _reduce(kinds[name])
        out: list[Value] = []
        for idx in members:
            vals = [v for v in (value(i, name) for i in idx) if v is not None]
            out.append(reduce(vals))
        cols[name] = tuple(out)
    return SeriesTable(tuple((first + k) * step for k in range(n_buckets)), cols, granularity_min)
