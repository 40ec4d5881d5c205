"""What the date-range history shows about a set of sessions: each session with its base figures
(`SessionFigures`, as storage loads them), the totals of any history metric, the per-day totals, the best and
worst sessions, and the weekday x hour-of-day pattern (the mean per session of a metric in each cell, with the
number of sessions behind it: a cell of one session is one broadcast, not a pattern)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Mapping, Sequence

from dyconsole.core.history.metrics import RangeMetric
from dyconsole.core.history.ranges import days

DEFAULT_CHANNEL = "douyin"


@dataclass(frozen=True, slots=True)
class SessionFigures:
    """One recorded session of the range with its base figures (core.history.metrics.session_figures)."""

    id: str
    room_id: str
    channel: str
    title: str
    started_at: float
    ended_at: float | None
    status: str
    figures: Mapping[str, float | None]

    @property
    def day(self) -> date:
        return datetime.fromtimestamp(self.started_at).date()

    def value(self, metric: RangeMetric) -> float | None:
        return metric.session_value(self.figures)


@dataclass(frozen=True, slots=True)
class DayTotal:
    day: date
    value: float | None  # None on a day without a session (no broadcast is no zero)
    sessions: int


@dataclass(frozen=True, slots=True)
class HeatCell:
    mean: float | None
    sessions: int


def totals(sessions: Sequence[SessionFigures], metrics: Sequence[RangeMetric]) -> dict[str, float | None]:
    """Each metric over every session of the range."""
    return {m.key: m.total([s.figures for s in sessions]) for m in metrics}


def per_day(sessions: Sequence[SessionFigures], metric: RangeMetric, first: date, last: date) -> list[DayTotal]:
    """The metric per calendar day of the range (by the session's start), every day listed."""
    by_day: dict[date, list[SessionFigures]] = {}
    for s in sessions:
        by_day.setdefault(s.day, []).append(s)
    out = []
    for day in days(first, last):
        found = by_day.get(day, [])
        out.append(DayTotal(day, metric.total([s.figures for s in found]) if found else None, len(found)))
    return out


def broadcast_days(sessions: Sequence[SessionFigures], metric: RangeMetric) -> list[tuple[date, float]]:
    """(day, the metric over the day's sessions) of each day with a session that has the metric, oldest first."""
    by_day: dict[date, list[SessionFigures]] = {}
    for s in sessions:
        by_day.setdefault(s.day, []).append(s)
    out = []
    for day in sorted(by_day):
        value = metric.total([s.figures for s in by_day[day]])
        if value is not None:
            out.append((day, value))
    return out


def ranked(sessions: Sequence[SessionFigures], metric: RangeMetric) -> list[SessionFigures]:
    """The sessions that have the metric, best (highest) first; ties keep the earlier session first."""
    have = [s for s in sessions if s.value(metric) is not None]
    return sorted(have, key=lambda s: (-(s.value(metric) or 0.0), s.started_at))


def best_and_worst(sessions: Sequence[SessionFigures], metric: RangeMetric,
                   n: int = 3) -> tuple[list[SessionFigures], list[SessionFigures]]:
    """The n best sessions (highest first) and the n worst (lowest first), never the same session in both."""
    order = ranked(sessions, metric)
    best = order[:n]
    worst = [s for s in reversed(order) if s not in best][:n]
    return best, worst


def weekday_hour(sessions: Sequence[SessionFigures], metric: RangeMetric) -> list[list[HeatCell]]:
    """7 rows (Monday first) x 24 hours (of the start): the mean per session of the metric, and how many."""
    values: dict[tuple[int, int], list[float]] = {}
    counts: dict[tuple[int, int], int] = {}
    for s in sessions:
        start = datetime.fromtimestamp(s.started_at)
        cell = (start.weekday(), start.hour)
        counts[cell] = counts.get(cell, 0) + 1
        v = s.value(metric)
        if v is not None:
            values.setdefault(cell, []).append(v)
    return [[HeatCell(sum(values[(d, h)]) / len(values[(d, h)]) if (d, h) in values else None,
                      counts.get((d, h), 0)) for h in range(24)] for d in range(7)]
