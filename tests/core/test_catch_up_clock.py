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
    mono.t += MAX_HOLD_REAL_S  # no poll for longer than a hold may last: it goes on a step without one, holds again
    assert clock.now() == WALL - 1000.0 + 30.0 and clock.held_real_s() > 0
    mono.t += MAX_HOLD_REAL_S + 10.0 / 101.0  # and again: a step per hold given up
    assert clock.now() == WALL - 1000.0 + 40.0
    clock.polled()  # the poll comes: paced from it again
    mono.t += 0.05
    assert clock.now() == pytest.approx(WALL - 1000.0 + 40.0 + 5.05, abs=1e-6)
    with pytest.raises(ValueError):
        CatchUpClock(1.0, 10.0, 5.0, step_s=0.0)


def test_a_held_catch_up_stands_at_its_limit_exactly_and_never_goes_back() -> None:
    """The demo room's own figures (an epoch clock 1200 s behind, caught up in 0.25 s, a step of 28 s): held, the
    clock reads its limit exactly (a time computed back from its free run missed it by ~1e-7 s either way, so the
    poller's first room tick, due at the clock's time as it started, was 1e-7 s ahead of it: it waited the whole
    hold out, and the history lost its first minutes), and no reading is ever less than one before."""
    rng = random.Random(11)
    for _ in range(200):
        mono = Ticks()
        mono.t = rng.uniform(1e3, 1e6)  # a PC's uptime: the rounding of the real times varies with it
        wall = rng.uniform(1.7e9, 1.9e9)
        clock = CatchUpClock(1.0, 1200.0, 1.0 + 1200.0 / 0.25, monotonic=mono, wall=lambda w=wall: w, paused=True,
                             step_s=28.0)
        clock.resume()
        start = clock.now()
        readings, held = [start], []
        for _ in range(20):  # the room's first poll comes late: the clock holds at a step past the start
            mono.t += rng.uniform(0.0, 0.002)
            readings.append(clock.now())
            if clock.held_real_s() > 0:
                held.append(readings[-1])
        assert held and all(r == start + 28.0 for r in held)
        for _ in range(60):  # polls and their handling, then a hold given up
            mono.t += rng.choice((rng.uniform(0.0, 0.01), rng.uniform(0.0, 2 * MAX_HOLD_REAL_S)))
            readings.append(clock.now())
            if rng.random() < 0.7:
                clock.polled(readings[-1])
        assert (np.diff(readings) >= 0).all()


def test_a_room_never_polled_costs_its_steps_and_levels_when_the_window_stops_waiting() -> None:
    mono = Ticks()
    clock = CatchUpClock(1.0, 1000.0, 101.0, monotonic=mono, wall=lambda: WALL, step_s=10.0)
    begin = mono.t
    readings = []
    while mono.t - begin < 10.0 / 101.0 + 3 * (MAX_HOLD_REAL_S + 10.0 / 101.0) + 1.0:  # no poll: a step a hold
        mono.t += 0.01
        readings.append(clock.now() - (WALL - 1000.0))
    assert readings[-1] == 40.0 and max(np.diff(readings)) <= 10.0 + 1e-6 and clock.catching_up
    clock.level()  # the window stopped waiting: level with a 1x clock started 1000 s ahead, then at 1x
    assert not clock.catching_up and clock.speed == 1.0 and clock.held_real_s() == 0.0
    assert clock.now() == pytest.approx(WALL + (mono.t - begin), abs=1e-6)
    mono.t += 2.0
    assert clock.now() == pytest.approx(WALL + (mono.t - begin), abs=1e-6)
    clock.level()  # caught up already: nothing
    assert clock.now() == pytest.approx(WALL + (mono.t - begin), abs=1e-6)


def test_built_paused_it_stands_at_its_start_however_long_building_took() -> None:
    class Running(Ticks):  # a loaded PC: every read of the monotonic clock is 20 real microseconds later
        def __call__(self) -> float:
            self.t += 2e-5
            return self.t

    mono = Running()
    clock = CatchUpClock(1.0, 1200.0, 1.0 + 1200.0 / 0.25, monotonic=mono, wall=lambda: WALL, paused=True)
    assert clock.now() == WALL - 1200.0  # not ~0.1 broadcast s on (the reads at 4801x)
    clock.resume()
    began = mono.t
    mono.t += 1.0  # caught up: level with a 1x clock started 1200 s ahead at the resume
    assert not clock.catching_up and clock.now() == pytest.approx(WALL + (mono.t - began), abs=1e-3)
    running = CatchUpClock(1.0, 1200.0, 1.0 + 1200.0 / 0.25, monotonic=mono, wall=lambda: WALL)
    began = mono.t
    mono.t += 0.1  # half way through its catch-up, running (not paced): the window stops waiting
    running.level()  # level at one moment (its reads in between are ~0.1 broadcast s each at 4801x)
    assert not running.catching_up and running.now() == pytest.approx(WALL + (mono.t - began), abs=1e-3)
