"""Which glossary metrics the date-range history can total, and how each one adds up over sessions.

A session is summed up by its *base figures* (`session_figures`): the last recorded value of every room field of
the API (the session's total for a counter, the platform's whole-session figure for a gauge), its length, its
interactions, peak online and alert count, and 1 for the count of sessions. Every history metric is read from those figures:
- SUM: a counter or a whole-session count (GMV, paid orders, views, duration): the range total is the sum;
- RATIO: a rate rebuilt from two sums (conversion = paid orders / views, GMV per minute = GMV / minutes, ROI =
  GMV / ad spend), so a range's rate is pooled over its sessions, never an average of rates;
- MAX: peak online, the highest of the sessions;
- MEAN: a platform gauge with nothing to rebuild it from (ad CTR, CPM): the mean of the sessions' figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable, Mapping, Sequence

from dyconsole.core import glossary
from dyconsole.core.derived import AD_COST, ENTRIES, GMV, INTERACTION_COUNTERS, PAID_ORDERS, PRODUCT_CLICKS, \
    PRODUCT_SHOWS, RATE_COUNTERS, is_gap
from dyconsole.core.glossary import Kind
from dyconsole.core.metrics import REAL_ONLINE, ROOM_METRICS
from dyconsole.core.model import RoomSample

Figures = Mapping[str, float | None]

LENGTH = "length_s"
INTERACTIONS = "interactions"
PEAK_ONLINE = "peak_online"
ALERTS = "alert_count"
SESSIONS = "session_count"


class Agg(str, Enum):
    SUM = "sum"
    RATIO = "ratio"
    MAX = "max"
    MEAN = "mean"


@dataclass(frozen=True, slots=True)
class RangeMetric(glossary.Named):
    """A glossary metric as the history totals it: `num` / `den` (x `scale`) for a RATIO."""

    term: str
    agg: Agg
    num: str = ""
    den: str = ""
    scale: float = 1.0

    @property
    def key(self) -> str:
        return self.term

    def session_value(self, figures: Figures) -> float | None:
        """This metric for one session."""
        return self.total([figures])

    def total(self, sessions: Iterable[Figures]) -> float | None:
        """This metric over the sessions (None when none of them has it)."""
        rows = list(sessions)
        if self.agg is Agg.RATIO:
            pairs = [(f.get(self.num), f.get(self.den)) for f in rows]
            pairs = [(n, d) for n, d in pairs if n is not None and d is not None]
            den = sum(d for _, d in pairs)
            return sum(n for n, _ in pairs) / den * self.scale if pairs and den else None
        values = [v for v in (f.get(self.term) for f in rows) if v is not None]
        if not values:
            return None
        if self.agg is Agg.SUM:
            return float(sum(values))
        if self.agg is Agg.MAX:
            return float(max(values))
        return float(sum(values)) / len(values)


_PER_MIN = {name: counter for name, counter in RATE_COUNTERS.items()}
_RATIOS: dict[str, tuple[str, str, float]] = {
    **{name: (counter, LENGTH, 60.0) for name, counter in _PER_MIN.items()},
    "interactions_per_min": (INTERACTIONS, LENGTH, 60.0),
    "interaction_rate": (INTERACTIONS, ENTRIES, 1.0),
    "product_click_rate": (PRODUCT_CLICKS, PRODUCT_SHOWS, 1.0),
    "conversion_rate": (PAID_ORDERS, ENTRIES, 1.0),
    "gpm": (GMV, ENTRIES, 1000.0),
    "live_roi": (GMV, AD_COST, 1.0),
}


def _metrics() -> tuple[RangeMetric, ...]:
    out: list[RangeMetric] = []
    for m in ROOM_METRICS:
        if m.name == REAL_ONLINE:
            continue  # a level, not a session figure: peak online says it
        out.append(RangeMetric(m.name, Agg.SUM if m.kind is Kind.COUNTER else Agg.MEAN))
    for t in glossary.DERIVED_TERMS:
        if t.key in _RATIOS:
            num, den, scale = _RATIOS[t.key]
            out.append(RangeMetric(t.key, Agg.RATIO, num, den, scale))
    out += [RangeMetric(LENGTH, Agg.SUM), RangeMetric(INTERACTIONS, Agg.SUM), RangeMetric(PEAK_ONLINE, Agg.MAX),
            RangeMetric(ALERTS, Agg.SUM), RangeMetric(SESSIONS, Agg.SUM)]
    return tuple(out)


#: every metric the history can show, in glossary order (room fields, derived rates, whole-session figures)
RANGE_METRICS: tuple[RangeMetric, ...] = _metrics()
RANGE_METRIC_BY_KEY: dict[str, RangeMetric] = {m.key: m for m in RANGE_METRICS}
RANGE_METRIC_KEYS: tuple[str, ...] = tuple(RANGE_METRIC_BY_KEY)
DEFAULT_RANGE_METRICS: tuple[str, ...] = (GMV, PAID_ORDERS, ENTRIES, "conversion_rate", "gmv_per_min", LENGTH)


def range_metric(key: str) -> RangeMetric:
    """The history metric `key` (a glossary key or alias such as `gmv`); raises KeyError."""
    resolved = glossary.resolve(key)
    if resolved is None or resolved not in RANGE_METRIC_BY_KEY:
        raise KeyError(key)
    return RANGE_METRIC_BY_KEY[resolved]


def session_figures(samples: Sequence[RoomSample], started_at: float | None, ended_at: float | None,
                    peak_online: float | None = None, alerts: int = 0) -> dict[str, float | None]:
    """The base figures of one session from its room samples (in time order): the last value of each room field,
    its length (start to end, or to the last good sample), interactions, peak online and alerts."""
    good = [s for s in samples if not is_gap(s)]
    figures: dict[str, float | None] = {m.name: None for m in ROOM_METRICS}
    for sample in good:
        for name, value in sample.values.items():
            if value is not None and name in figures:
                figures[name] = float(value)
    start = started_at if started_at is not None else (good[0].ts if good else None)
    end = ended_at if ended_at is not None else (good[-1].ts if good else None)
    figures[LENGTH] = max(0.0, end - start) if start is not None and end is not None else None
    present = [figures[c] for c in INTERACTION_COUNTERS if figures.get(c) is not None]
    figures[INTERACTIONS] = float(sum(present)) if present else None  # type: ignore[arg-type]
    figures[PEAK_ONLINE] = peak_online
    figures[ALERTS] = float(alerts)
    figures[SESSIONS] = 1.0
    return figures
