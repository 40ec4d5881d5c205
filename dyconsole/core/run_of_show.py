"""The run of show (节目单): the broadcast cut into segments, each a stretch with the same product being explained,
the same A/B variant slot (an A/B plan's ab_slots) and the same marked topic (the operator's `topic` events), with
what each segment did: minutes, entries, average stay, share of viewers past 3 minutes (both the console's
estimates), paid orders, conversion (paid orders / entries, with a 90% Wilson interval) and GMV; the best and worst
segment by GMV per minute are marked.

`RunOfShow` is incremental (push each room poll with the segment's label at it): the live view's current segment
and table. `session_segments` rebuilds the same from a recorded session (review, report, exports). A segment begins
at the poll where its label is first seen and counts from the poll before (so the segments' minutes add up to the
broadcast); a gap keeps the last good counters. Pure: no Qt, no I/O.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping, Sequence

from dyconsole.core.derived import ENTRIES, GMV, PAID_ORDERS
from dyconsole.core.estimate import Z90
from dyconsole.core.model import RoomSample
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.review.session import RecordedSession
from dyconsole.core.session_records import SessionEvent, VariantSlot

#: the operator's topic mark (events.kind); payload {"topic": text}, an empty text ends the topic
TOPIC_EVENT = "topic"
#: segments shorter than this are not ranked best or worst
MIN_RANK_MIN = 1.0


@dataclass(frozen=True, slots=True)
class SegmentLabel:
    """What a segment is: the product being explained (id and title), the A/B variant, the marked topic."""

    product_id: str | None = None
    product: str | None = None
    variant: str | None = None
    topic: str | None = None

    def same_as(self, other: "SegmentLabel") -> bool:
        return (self.product_id, self.variant, self.topic) == (other.product_id, other.variant, other.topic)


@dataclass(frozen=True, slots=True)
class Segment:
    start: float  # broadcast time the segment counts from
    end: float  # its last poll
    label: SegmentLabel
    entries: float | None
    paid_orders: float | None
    gmv: float | None
    avg_stay_s: float | None  # mean of the estimated average stay over its polls
    long_share: float | None  # mean of the estimated share past 3 minutes over its polls
    mark: str = ""  # best / worst / ""

    @property
    def minutes(self) -> float:
        return max(0.0, self.end - self.start) / 60.0

    @property
    def conversion(self) -> float | None:
        if self.entries is None or self.paid_orders is None or self.entries <= 0:
            return None
        return min(1.0, self.paid_orders / self.entries)

    def conversion_range(self) -> tuple[float, float] | None:
        """The conversion's 90% Wilson interval."""
        if self.entries is None or self.paid_orders is None or self.entries <= 0:
            return None
        n, p = self.entries, min(1.0, self.paid_orders / self.entries)
        z2 = Z90 * Z90
        centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        half = Z90 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
        return max(0.0, centre - half), min(1.0, centre + half)

    @property
    def gmv_per_min(self) -> float | None:
        return self.gmv / self.minutes if self.gmv is not None and self.minutes > 0 else None


@dataclass
class _Open:
    start: float
    label: SegmentLabel
    base: dict[str, float | None]
    end: float = 0.0
    last: dict[str, float | None] = field(default_factory=dict)
    stay: list[float] = field(default_factory=list)
    share: list[float] = field(default_factory=list)

    def close(self) -> Segment:
        def gained(name: str) -> float | None:
            a, b = self.base.get(name), self.last.get(name)
            return None if a is None or b is None else max(0.0, b - a)

        return Segment(self.start, self.end, self.label, gained(ENTRIES), gained(PAID_ORDERS), gained(GMV),
                       sum(self.stay) / len(self.stay) if self.stay else None,
                       sum(self.share) / len(self.share) if self.share else None)


_COUNTERS = (ENTRIES, PAID_ORDERS, GMV)


class RunOfShow:
    """Segments so far, pushed one room poll at a time (in time order)."""

    def __init__(self) -> None:
        self._done: list[Segment] = []
        self._open: _Open | None = None
        self._prev_ts: float | None = None
        self._prev: dict[str, float | None] = dict.fromkeys(_COUNTERS)

    def push(self, ts: float, label: SegmentLabel, values: Mapping[str, float | None],
             derived: Mapping[str, float | None]) -> None:
        counters = {c: values.get(c) for c in _COUNTERS}
        if all(v is None for v in counters.values()):
            return  # a gap: the segment goes on with its last good counters
        if self._open is None or not self._open.label.same_as(label):
            if self._open is not None:
                self._done.append(self._open.close())
            base = self._prev if self._prev_ts is not None else counters
            self._open = _Open(self._prev_ts if self._prev_ts is not None else ts, label, dict(base))
        seg = self._open
        seg.end = ts
        seg.last = {c: (v if v is not None else seg.last.get(c)) for c, v in counters.items()}
        for name, bucket in (("avg_dwell_s", seg.stay), ("long_stay_share", seg.share)):
            v = derived.get(name)
            if v is not None and math.isfinite(v):
                bucket.append(float(v))
        self._prev_ts = ts
        self._prev = {c: (v if v is not None else self._prev.get(c)) for c, v in counters.items()}

    def current(self) -> Segment | None:
        return self._open.close() if self._open is not None else None

    def segments(self) -> list[Segment]:
        """Every segment so far (the current one last), best and worst marked; a finished segment of no time (the
        first poll, before the first products poll labelled it) is left out."""
        out = [s for s in self._done if s.end > s.start]
        if self._open is not None:
            out.append(self._open.close())
        return mark_best_worst(out)


def mark_best_worst(segments: Sequence[Segment]) -> list[Segment]:
    """The segment with the highest GMV per minute marked best, the lowest worst (segments of MIN_RANK_MIN
    minutes or more; none with fewer than two such)."""
    ranked = [i for i, s in enumerate(segments) if s.minutes >= MIN_RANK_MIN and s.gmv_per_min is not None]
    out = [replace(s, mark="") for s in segments]
    if len(ranked) < 2:
        return out
    best = max(ranked, key=lambda i: segments[i].gmv_per_min or 0.0)
    worst = min(ranked, key=lambda i: segments[i].gmv_per_min or 0.0)
    if best != worst:
        out[best] = replace(out[best], mark="best")
        out[worst] = replace(out[worst], mark="worst")
    return out


class Labeller:
    """The A/B slot and the marked topic at a time (events and slots in any order)."""

    def __init__(self, slots: Iterable[VariantSlot] = (), events: Iterable[SessionEvent] = ()) -> None:
        self.slots = sorted(slots, key=lambda s: s.starts_at)
        topics = sorted((e.ts, str(e.payload.get("topic") or "").strip()) for e in events if e.kind == TOPIC_EVENT)
        self._topic_ts = [t for t, _ in topics]
        self._topics = [text for _, text in topics]

    def add_topic(self, ts: float, text: str) -> None:
        i = bisect.bisect_right(self._topic_ts, ts)
        self._topic_ts.insert(i, ts)
        self._topics.insert(i, text.strip())

    def set_slots(self, slots: Iterable[VariantSlot]) -> None:
        self.slots = sorted(slots, key=lambda s: s.starts_at)

    def variant_at(self, ts: float) -> str | None:
        for s in self.slots:
            if s.starts_at <= ts and (s.ends_at is None or ts < s.ends_at):
                return s.variant
        return None

    def topic_at(self, ts: float) -> str | None:
        i = bisect.bisect_right(self._topic_ts, ts) - 1
        return (self._topics[i] or None) if i >= 0 else None

    def label(self, ts: float, explained: Sequence[tuple[str, str]]) -> SegmentLabel:
        """The label at `ts`, given the products being explained then as (id, title)."""
        pid = ",".join(p for p, _ in explained) or None
        title = " / ".join(t for _, t in explained) or None
        return SegmentLabel(pid, title, self.variant_at(ts), self.topic_at(ts))


def segments_from(polls: Iterable[tuple[RoomSample, Mapping[str, float | None]]], products: ProductHistory,
                  slots: Iterable[VariantSlot] = (), events: Iterable[SessionEvent] = ()) -> list[Segment]:
    """The run of show of stored polls (room sample, derived row) in time order, with the products explained at
    each poll, the A/B slots and the topic events."""
    labeller = Labeller(slots, events)
    run = RunOfShow()
    titles = products.titles
    for sample, row in polls:
        explained = [(p, titles.get(p, p)) for p in products.being_explained(sample.ts)]
        run.push(sample.ts, labeller.label(sample.ts, explained), sample.values, row)
    return run.segments()


def session_segments(session: RecordedSession) -> list[Segment]:
    """The run of show of a recorded session (review)."""
    polls = session.polls_between(0, len(session.series[ENTRIES]))
    return segments_from(polls, session.products, session.slots, session.events)
