"""The one fan-out of polls (core.feed.PollFanOut): each room sample derived once and the same row to every
listener, delivery in registration order to the listeners that declared the event's type only, a failing listener
logged with its name, counted, and never in the way of the others; a failed poll delivered as a gap that restarts
the rates."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from dyconsole.core.derived import Deriver, derive_rows
from dyconsole.core.feed import (
    FlowPolled,
    Gap,
    HealthChanged,
    PollFanOut,
    PollHandlers,
    ProductsPolled,
    RoomInfoChanged,
    RoomPolled,
)
from dyconsole.core.model import ConnectionState, FlowSample, RoomInfo, RoomSample, RoomStatus, SourceHealth

T0 = 1_700_000_000.0


def sample(i: int) -> RoomSample:
    """The i-th room poll, 5 s apart: counters growing steadily, a real online count."""
    return RoomSample(T0 + 5 * i, "r1", RoomStatus.LIVING, {
        "total_live_watch_cnt": 100.0 + 40 * i, "live_watch_one_minute_count": 30.0 + i,
        "total_live_comment_cnt": 10.0 + 3 * i, "online_user_cnt": 500.0 + i})


class Taker:
    """A listener of the given event types that notes what it got, in one log shared with the others."""

    def __init__(self, name: str, log: list[tuple[str, Any]], *types: type) -> None:
        self.name, self.log, self.types = name, log, types

    def poll_handlers(self) -> PollHandlers:
        return {t: (lambda e: self.log.append((self.name, e))) for t in self.types}


class CountingDeriver(Deriver):
    def __init__(self) -> None:
        super().__init__()
        self.pushed: list[RoomSample] = []

    def push(self, s: RoomSample) -> dict[str, float | None]:
        self.pushed.append(s)
        return super().push(s)


def test_listeners_get_what_they_declared_in_registration_order() -> None:
    got: list[tuple[str, Any]] = []
    polls = PollFanOut()
    for taker in (Taker("feed", got, RoomPolled, Gap, HealthChanged), Taker("recorder", got, RoomPolled, Gap),
                  Taker("products", got, ProductsPolled), Taker("alerts", got, RoomPolled, HealthChanged)):
        polls.add(taker, taker.name)
    polls.publish(sample(0))
    polls.publish(Gap("room", T0 + 5, "timeout"))
    health = HealthChanged(SourceHealth(ConnectionState.DEGRADED, "timeout"))
    polls.publish(health)
    polls.publish(FlowPolled(FlowSample(T0 + 6, "AllEcomFlowSource", {"natural": 1.0})))  # nobody takes flow
    assert [name for name, _ in got] == ["feed", "recorder", "alerts", "feed", "recorder", "feed", "alerts"]
    assert all(isinstance(e, RoomPolled) for _, e in got[:3]) and got[5][1] is health
    assert polls.takes(RoomPolled) == ["feed", "recorder", "alerts"] and polls.takes(FlowPolled) == []


def test_each_room_sample_is_derived_once_and_every_listener_gets_the_same_row() -> None:
    deriver = CountingDeriver()
    got: list[tuple[str, Any]] = []
    polls = PollFanOut([Taker(n, got, RoomPolled) for n in ("feed", "recorder", "alerts", "progress")], deriver)
    samples = [sample(i) for i in range(20)]
    for s in samples:
        polls.publish(s)
    assert deriver.pushed == samples  # once each, in order: four listeners, one derivation
    rows = derive_rows(samples)
    for i, s in enumerate(samples):
        events = [e for _, e in got[4 * i:4 * i + 4]]
        assert all(e is events[0] for e in events) and events[0].sample is s
        assert dict(events[0].derived) == rows[i]
    assert got[-1][1].derived["comments_per_min"] == pytest.approx(36.0)  # 3 per 5 s
    with pytest.raises(TypeError):
        got[-1][1].derived["online"] = 0.0  # type: ignore[index]  # one row for all: nobody changes it for the others


def test_a_failing_listener_is_logged_and_counted_and_the_others_still_get_every_poll(
        caplog: pytest.LogCaptureFixture) -> None:
    got: list[tuple[str, Any]] = []

    class Broken:
        def poll_handlers(self) -> PollHandlers:
            return {RoomPolled: self.fail, RoomInfoChanged: lambda e: got.append(("broken", e))}

        def fail(self, event: RoomPolled) -> None:
            raise RuntimeError("disk on fire")

    polls = PollFanOut([Taker("feed", got, RoomPolled)])
    polls.add(Broken(), "recorder")
    polls.add(Taker("alerts", got, RoomPolled))
    with caplog.at_level(logging.ERROR, logger="dyconsole.core.feed"):
        for i in range(3):
            polls.publish(sample(i))
        polls.publish(RoomInfoChanged(RoomInfo("r1", "t", RoomStatus.LIVING)))
    assert [name for name, _ in got] == ["feed", "alerts"] * 3 + ["broken"]
    assert polls.failures == {"recorder": 3} and polls.errors == 3
    failures = [r for r in caplog.records if "recorder" in r.getMessage()]
    assert len(failures) == 3 and all("RoomPolled" in r.getMessage() and r.exc_info for r in failures)


def test_a_room_gap_is_delivered_as_a_gap_and_restarts_the_rates() -> None:
    deriver = CountingDeriver()
    got: list[tuple[str, Any]] = []
    polls = PollFanOut([Taker("feed", got, RoomPolled, Gap)], deriver)
    for i in range(12):
        polls.publish(sample(i))
    assert got[-1][1].derived["entries_per_min"] == pytest.approx(480.0)
    gap = Gap("room", T0 + 60, "HTTP 502")
    polls.publish(gap)
    polls.publish(Gap("products", T0 + 61, "HTTP 502"))  # not the room: the rates go on
    polls.publish(sample(13))
    assert [e for _, e in got[-3:-1]] == [gap, Gap("products", T0 + 61, "HTTP 502")]  # gaps, never zero samples
    assert got[-1][1].derived["entries_per_min"] is None  # no rate across the gap
    assert len(deriver.pushed) == 14 and all(v is None for v in deriver.pushed[12].values.values())
    expected = derive_rows([sample(i) for i in range(12)] + [deriver.pushed[12], sample(13)])
    assert dict(got[-1][1].derived) == expected[-1]


def test_only_poll_events_can_be_subscribed() -> None:
    polls = PollFanOut()
    with pytest.raises(TypeError):
        polls.subscribe(RoomSample, lambda e: None, "raw")
