"""The console's poll listeners (the live feed, the recorder, the alert monitor) on one fan-out: every room sample is
derived once for all of them, the alert fires on the very figures the window shows, and a recorder that fails
costs neither the live view nor the alerts."""

from __future__ import annotations

from typing import Any

import pytest

from dyconsole.core.alerts.rules import Direction, ThresholdRule
from dyconsole.core.alerts.monitor import AlertMonitor
from dyconsole.core.clock import ManualClock
from dyconsole.core.derived import Deriver
from dyconsole.core.feed import Gap, PollFanOut, RoomInfoChanged
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.services.live.feed import LiveFeed
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder

T0 = 1_700_000_000.0


def sample(ts: float, i: int) -> RoomSample:
    return RoomSample(ts, "r1", RoomStatus.LIVING, {"total_live_watch_cnt": 100.0 + 40 * i,
                                                    "total_live_comment_cnt": 10.0 + 3 * i, "online_user_cnt": 900.0})


def test_one_derivation_feeds_the_window_the_recording_and_the_alerts(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pushed: list[float] = []
    real_push = Deriver.push

    def counted(self: Deriver, s: RoomSample) -> dict[str, float | None]:
        pushed.append(s.ts)
        return real_push(self, s)

    monkeypatch.setattr(Deriver, "push", counted)
    clock = ManualClock(T0)
    feed = LiveFeed(clock)
    recorder = Recorder(open_db(tmp_path / "s.db"), clock, source="demo")
    fired: list[Any] = []
    rule = ThresholdRule(id="c", name="comments", metric="comments_per_min", direction=Direction.ABOVE,
                         threshold=30.0)
    monitor = AlertMonitor([rule], fired.append)
    polls = PollFanOut([feed, recorder, monitor])
    polls.publish(RoomInfoChanged(RoomInfo("r1", "t", RoomStatus.LIVING, start_time=T0)))
    for i in range(15):
        clock.advance(5)
        if i == 7:
            polls.publish(Gap("room", clock.now(), "timeout"))
        else:
            polls.publish(sample(clock.now(), i))
    assert len(pushed) == 15  # once per room poll, the gap included: not once per listener
    assert feed.value("comments_per_min") == pytest.approx(36.0) and len(feed.series) == 15
    assert [e.kind for e in fired] == ["fired"] and fired[0].value == pytest.approx(36.0)
    assert recorder.db.execute("SELECT count(*) FROM room_samples").fetchone()[0] == 15
    assert polls.errors == 0


def test_a_failing_recorder_costs_neither_the_live_view_nor_the_alerts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock(T0)
    feed = LiveFeed(clock)
    recorder = Recorder(open_db(tmp_path / "s.db"), clock, source="demo")
    recorder.on_room = None  # type: ignore[assignment,method-assign]  # a recorder bug: not callable
    monitor = AlertMonitor([ThresholdRule(id="c", name="c", metric="comments_per_min", direction=Direction.ABOVE,
                                          threshold=30.0)])
    polls = PollFanOut([feed, recorder, monitor])
    for i in range(13):
        clock.advance(5)
        polls.publish(sample(clock.now(), i))
    assert len(feed.series) == 13 and monitor.frames == 13 and [e.kind for e in monitor.events] == ["fired"]
    assert polls.failures == {"Recorder": 13}
