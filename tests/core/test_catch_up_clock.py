"""The demo room's catch-up clock: it starts behind, runs fast until it is level with a clock at the operator's
speed started with it, then runs at that speed; waits are told in real seconds across the switch; it may start
paused (while the room is built); a pause while catching up ends the catch-up."""

from __future__ import annotations

import random

import numpy as np
import pytest

from dyconsole.core.clock import MAX_HOLD_REAL_S, CatchUpClock

WALL = 1_800_000_000.0


class Ticks:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_it_catches_up_then_runs_at_the_speed() -> None:
    mono = Ticks()
    clock = CatchUpClock(1.0, 1500.0, 1001.0, monotonic=mono, wall=lambda: WALL)
    assert clock.now() == WALL - 1500.0 and clock.speed == 1001.0 and clock.catching_up
    mono.t += 0.5
    assert clock.now() == pytest.approx(WALL - 1500.0 + 500.5)
    mono.t += 1.0  # 1500 / (1001 - 1) = 1.5 s: level with a 1x clock started with it 1500 s ahead
    assert clock.now() == pytest.approx(WALL + 1.5) and clock.speed == 1.0 and not clock.catching_up
    mono.t += 10.0
    assert clock.now() == pytest.approx(WALL + 11.5)


def test_waits_cross_the_switch_in_real_seconds() -> None:
    mono = Ticks()
    clock = CatchUpClock(2.0, 998.0, 1000.0, monotonic=mono, wall=lambda: WALL)
    # 1 real second of catch-up covers 1000 broadcast seconds; after it, 2 broadcast seconds a real second
    assert clock.real_seconds(500.0) == pytest.approx(0.5)
    assert clock.real_seconds(1010.0) == pytest.approx(1.0 + 10.0 / 2.0)
    mono.t += 1.0
    assert clock.real_seconds(10.0) == pytest.approx(5.0)


def test_paused_until_the_room_is_built_and_a_pause_ends_the_catch_up() -> None:
    mono = Ticks()
    clock = CatchUpClock(1.0, 100.0, 101.0, monotonic=mono, wall=lambda: WALL, paused=True)
    assert clock.left_real_s() == pytest.approx(1.0)  # its whole run, not begun
    mono.t += 5.0  # building the room
    assert clock.now() == WALL - 100.0 and clock.speed == 0.0 and clock.catching_up
    clock.resume()
    mono.t += 0.5
    assert clock.now() == pytest.approx(WALL - 100.0 + 50.5) and clock.left_real_s() == pytest.approx(0.5)
    clock.pause()
    clock.resume()
    mono.t += 1.0  # the catch-up ended at the pause: 1x from there
    assert clock.now() == pytest.approx(WALL - 100.0 + 51.5) and not clock.catching_up
    assert clock.left_real_s() == 0.0
    with pytest.raises(ValueError):
        CatchUpClock(5.0, 10.0, 5.0)


def test_a_paced_catch_up_waits_for_the_room_polls_and_still_ends_level() -> None:
    mono = Ticks()
    clock = CatchUpClock(1.0, 1000.0, 101.0, monotonic=mono, wall=lambda: WALL, step_s=10.0)
    begin = mono.t
    polls = [clock.now()]
    # a loaded machine: each room poll takes 0.3 real s (30 broadcast s at the catch-up speed, unpaced)
    while clock.catching_up:
        mono.t += 0.3
        ts = clock.now()
        assert ts - polls[-1] <= 10.0 + 1e-9  # never more than a step past the last poll
        polls.append(ts)
        clock.polled()
        assert len(polls) < 1000
    spacing = np.diff(polls)
    assert len(polls) >= 100 and spacing.max() <= 10.0 + 1e-9  # the whole history, a poll every 10 s at most
    # it ends level with a 1x clock started 1000 s ahead with it, then runs at 1x
    assert clock.now() == pytest.approx(WALL + (mono.t - begin), abs=1e-6)
    mono.t += 5.0
    assert clock.now() == pytest.approx(WALL + (mono.t - begin), abs=1e-6) and clock.speed == 1.0


def test_told_each_polls_time_a_paced_catch_up_keeps_the_polls_a_step_apart_however_long_their_handling() -> None:
    # a loaded machine: each room poll's answer takes up to 0.1 real s (10 broadcast s at the catch-up speed), then
    # its handling (the feed, the recording) up to 0.1 s more: told the poll's time, the clock holds a step past it,
    # so the next poll comes at most a step later (held a step past the handling's end, up to two steps: 18 s here)
    rng = random.Random(3)
    mono = Ticks()
    clock = CatchUpClock(1.0, 1000.0, 101.0, monotonic=mono, wall=lambda: WALL, step_s=10.0)
    begin = mono.t
    polls = [clock.now()]
    clock.polled(polls[0])
    while clock.catching_up:
        mono.t += rng.uniform(0.0, 0.1)  # the answer
        ts = clock.now()  # the poll's sample
        polls.append(ts)
        mono.t += rng.uniform(0.0, 0.1)  # its handling
        clock.polled(ts)
        assert len(polls) < 1000
    spacing = np.diff(polls)
    assert len(polls) >= 100 and spacing.max() <= 10.0 + 1e-9, spacing.max()  # never more than a step apart
    # it ends level with a 1x clock started 1000 s ahead with it, then runs at 1x
    assert clock.now() == pytest.approx(WALL + (mono.t - begin), abs=1e-6)
    mono.t += 5.0
    assert clock.now() == pytest.approx(WALL + (mono.t - begin), abs=1e-6) and clock.speed == 1.0


def test_a_paced_catch_up_holds_between_polls_then_gives_up_on_a_silent_room() -> None:
    mono = Ticks()
    clock = CatchUpClock(1.0, 1000.0, 101.0, monotonic=mono, wall=lambda: WALL, step_s=10.0)
    assert clock.held_real_s() == 0.0 and clock.left_real_s() == pytest.approx(10.0)  # 1000 s at 100x faster
    mono.t += 1.0
    assert clock.now() == WALL - 1000.0 + 10.0 and clock.catching_up  # held a step past the start
    assert clock.real_seconds(5.0) == pytest.approx(5.0 / 101.0)  # a waiter looks again soon
    # held since 10/101 s: it holds until the next poll, MAX_HOLD_REAL_S at most; the end moves on by as long
    assert clock.held_real_s() == pytest.approx(MAX_HOLD_REAL_S - (1.0 - 10.0 / 101.0))
    assert clock.left_real_s() == pytest.approx(10.0 - 1.0 + (1.0 - 10.0 / 101.0) * 101.0 / 100.0)
    clock.polled()
    assert clock.held_real_s() == 0.0
    mono.t += 0.05
    assert clock.now() == pytest.approx(WALL - 1000.0 + 10.0 + 5.05, abs=1e-6)  # on at the catch-up speed
    mono.t += 1.0
    assert clock.now() == WALL - 1000.0 + 20.0  # held again, a step past the last poll
    mono.t += MAX_HOLD_REAL_S  # no poll for longer than a hold may last: it goes on without one
    # held from 10/101 s after the poll for MAX_HOLD_REAL_S, then on at the catch-up speed
    expected = WALL - 1000.0 + 10.0 + (1.05 + MAX_HOLD_REAL_S - MAX_HOLD_REAL_S) * 101.0
    assert clock.now() == pytest.approx(expected, abs=1e-6)
    with pytest.raises(ValueError):
        CatchUpClock(1.0, 10.0, 5.0, step_s=0.0)
