"""Broadcast time.

Every part that needs the time (simulator, emulator, poller, recorder, charts) asks a clock object, so the
demo room can run accelerated: at speed 60 a broadcast hour passes in a real minute, polls included.

`now()` is broadcast time in epoch seconds. A clock never goes backwards. `real_seconds(dt)` says how long to
really wait for `dt` seconds of broadcast time to pass (callers in the sources layer do the actual sleeping).
"""

from __future__ import annotations

import math
import time
from typing import Callable, NamedTuple, Protocol

#: while a clock is paused, waiters re-check this often (real seconds)
PAUSED_RECHECK_S = 0.2


class Clock(Protocol):
    """What every user of time depends on."""

    @property
    def speed(self) -> float: ...

    def now(self) -> float: ...

    def real_seconds(self, broadcast_seconds: float) -> float: ...


class WallClock:
    """Real time at speed 1: the clock of a real broadcast."""

    speed = 1.0

    def __init__(self, wall: Callable[[], float] = time.time) -> None:
        self._wall = wall

    def now(self) -> float:
        return self._wall()

    def real_seconds(self, broadcast_seconds: float) -> float:
        return max(0.0, broadcast_seconds)


class ScaledClock:
    """Broadcast time running `speed` times faster than real time, from `start` (epoch seconds).

    The speed can change and the clock can be paused; both re-base so time stays continuous.
    """

    def __init__(
        self,
        speed: float = 1.0,
        start: float | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if speed < 0:
            raise ValueError("speed must be >= 0")
        self._monotonic = monotonic
        self._base_real = monotonic()
        self._base_value = float(wall() if start is None else start)
        self._speed = float(speed)
        self._paused = False

    @property
    def speed(self) -> float:
        return 0.0 if self._paused else self._speed

    @property
    def paused(self) -> bool:
        return self._paused

    def now(self) -> float:
        return self._base_value + (self._monotonic() - self._base_real) * self.speed

    def _rebase(self) -> None:
        value = self.now()
        self._base_real = self._monotonic()
        self._base_value = value

    def set_speed(self, speed: float) -> None:
        if speed <= 0:
            raise ValueError("speed must be > 0 (use pause() to stop the clock)")
        self._rebase()
        self._speed = float(speed)

    def pause(self) -> None:
        self._rebase()
        self._paused = True

    def resume(self) -> None:
        self._rebase()
        self._paused = False

    def jump(self, seconds: float) -> None:
        """Skip ahead (the demo room's "next day" for settlement and 7-day ROI); never backwards."""
        if seconds < 0:
            raise ValueError("a clock never goes backwards")
        self._base_value += seconds

    def real_seconds(self, broadcast_seconds: float) -> float:
        if self.speed == 0:
            return PAUSED_RECHECK_S
        return max(0.0, broadcast_seconds) / self.speed


#: a paced catch-up that waits this long (real seconds) for a room poll goes on without it, a step at a time (a
#: source that hangs must not freeze the demo room's history)
MAX_HOLD_REAL_S = 3.0


def catching_up(clock: Clock) -> bool:
    """Whether `clock` is still catching up a history (CatchUpClock.catching_up, or a test's clock saying so); any
    other clock never is."""
    return bool(getattr(clock, "catching_up", False))


def held_for_poll_s(clock: Clock) -> float:
    """Real seconds `clock` goes on holding for the room's next poll (CatchUpClock.held_real_s, or a test's clock
    saying so); any other clock never holds: 0."""
    held = getattr(clock, "held_real_s", None)
    return float(held()) if held is not None else 0.0


class _Pace(NamedTuple):
    """Where a paced catch-up stands at one real moment: its broadcast time, the real seconds held so far since its
    base, the real seconds the hold it is in goes on at most (0: running), and the limit it runs to (held there)."""

    value: float
    held: float
    hold_left: float
    limit: float | None


class CatchUpClock(ScaledClock):
    """A broadcast clock that starts `behind_s` in the past and catches up: it runs at `catch_up_speed` until it is
    level with a clock at `speed` started with it `behind_s` ahead, then runs at `speed`. The demo room opens this
    way already some minutes into its broadcast, its history polled like any other minute (in behind_s /
    (catch_up_speed - speed) real seconds), then goes on at the operator's speed.

    Paced (`step_s`): while catching up, the clock never runs more than `step_s` broadcast seconds past the moment
    the room was last polled (`polled(at)`), so the history has room samples at most `step_s` apart however slow the
    machine is (a loaded PC polled fewer, sparser samples in the same real seconds); the held time is added to the
    catch-up, which still ends level. A hold lasts MAX_HOLD_REAL_S at most: then the clock goes on a step without
    the poll and holds again, so a poll that never comes costs its steps, not the rest of the history.

    It never goes backwards: held, it stands at the limit exactly (a time computed back from the free run differed
    from it by the epoch's rounding, ~1e-7 s, either way: a poll due at the hold's start then waited it out).

    It may start paused (the catch-up begins at `resume()`, once the room is built). A pause, a speed change or a
    jump while catching up ends the catch-up where it is."""

    def __init__(
        self,
        speed: float,
        behind_s: float,
        catch_up_speed: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        paused: bool = False,
        step_s: float | None = None,
    ) -> None:
        if not catch_up_speed > speed > 0:
            raise ValueError("the catch-up speed must be above the speed, and the speed above 0")
        if behind_s < 0:
            raise ValueError("a clock cannot start ahead of the broadcast")
        if step_s is not None and step_s <= 0:
            raise ValueError("a paced catch-up needs a step above 0")
        super().__init__(speed=catch_up_speed, start=wall() - behind_s, monotonic=monotonic, wall=wall)
        self._target_speed = float(speed)
        self._left_real_s = behind_s / (catch_up_speed - speed)  # real seconds the catch-up takes
        self._ends_at: float | None = None  # monotonic time the catch-up ends (without holds), once running
        self._step = step_s
        self._limit: float | None = None  # a paced catch-up holds here until the next room poll
        self._shown = -math.inf  # the latest time now() returned: never less after
        # paused at the time it was built at: a pause's re-base ran it on meanwhile at the catch-up's speed (2.4
        # broadcast ms a real microsecond at the demo room's), and the catch-up ended that far ahead of the present
        if paused:
            self._paused = True
        else:
            self._begin()

    def _begin(self) -> None:
        if self._left_real_s > 0 and self._ends_at is None:
            self._ends_at = self._base_real + self._left_real_s  # from its free run's start, not a read later
            if self._step is not None:
                self._limit = self._base_value + self._step

    def _late_per_held_s(self) -> float:
        """Real seconds a held real second adds to the catch-up (it must also cover the level clock's run)."""
        return self._speed / (self._speed - self._target_speed)

    def _paced(self, real: float) -> _Pace:
        """Where the catch-up stands at monotonic `real` (from its base; not yet settled). Past its limit, it holds
        there MAX_HOLD_REAL_S, then runs a step and holds again, and so on, until `polled`."""
        free = self._base_value + (real - self._base_real) * self._speed
        limit, step = self._limit, self._step
        if limit is None or step is None or free <= limit:
            return _Pace(free, 0.0, 0.0, limit)
        since = max(0.0, real - (self._base_real + (limit - self._base_value) / self._speed))  # since at the limit
        gave_up, into = divmod(since, MAX_HOLD_REAL_S + step / self._speed)
        if into < MAX_HOLD_REAL_S:  # held at the limit, `gave_up` steps on (exactly there: never back)
            return _Pace(limit + gave_up * step, gave_up * MAX_HOLD_REAL_S + into, MAX_HOLD_REAL_S - into,
                         limit + gave_up * step)
        held = (gave_up + 1) * MAX_HOLD_REAL_S  # gave up on this hold too: running to the next step
        return _Pace(free - held * self._speed, held, 0.0, limit + (gave_up + 1) * step)

    def _held_at_end(self, real: float) -> float:
        """Real seconds held by `real` that move the catch-up's end on: a hold that began before the end moves it;
        one that would begin after it never happens."""
        end = self._ends_at
        return self._paced(real).held if end is not None and self._paced(end).held > 0 else 0.0

    def _settle(self) -> None:
        """Once the catch-up's end has passed, re-base at that moment and run at the speed."""
        end = self._ends_at
        if end is None or self._paused:
            return
        real = self._monotonic()
        held = self._held_at_end(real)
        end += held * self._late_per_held_s()
        if real < end:
            return
        self._base_value = self._base_value + (end - self._base_real) * self._speed - held * self._speed
        self._base_real = end
        self._speed = self._target_speed
        self._ends_at, self._left_real_s, self._limit = None, 0.0, None

    def _end_catch_up(self) -> None:
        self._settle()
        if self._left_real_s > 0:
            self._rebase()
            self._speed = self._target_speed
            self._ends_at, self._left_real_s, self._limit = None, 0.0, None

    def _pacing(self) -> bool:
        return self._limit is not None and self._ends_at is not None and not self._paused

    def polled(self, at: float | None = None) -> None:
        """The room was just polled (a sample or a gap) at broadcast time `at` (None: now): a paced catch-up may run
        `step_s` past it. Given the poll's own time, the next poll is at most a step after it however long this
        one's handling took the clock on (from now, up to two steps); the poller's next room tick, due a poll
        interval after this poll's tick (at or before `at`), is never held as long as the interval is under a step."""
        self._settle()
        if not self._pacing() or self._step is None:
            return
        real = self._monotonic()
        pace = self._paced(real)
        value = max(pace.value, self._shown)
        if pace.held > 0:  # the time held is added to the catch-up; the clock goes on from where it held
            assert self._ends_at is not None
            self._ends_at += pace.held * self._late_per_held_s()
            self._base_value, self._base_real = value, real
        assert pace.limit is not None
        self._limit = max(pace.limit, (value if at is None else min(at, value)) + self._step)

    def level(self) -> None:
        """End the catch-up level with the broadcast now, as a clock at the speed started `behind_s` ahead with it
        stands (the history not polled by now is skipped): the console's window stopped waiting for it (a room
        polled too slowly, or not at all). Caught up already: nothing."""
        self._settle()
        if self._left_real_s <= 0:
            return
        end = self._ends_at
        if end is None or self._paused:  # not begun, or paused: its whole run (or what is left of it) skipped
            self._base_value += self._left_real_s * (self._speed - self._target_speed)
        else:  # where it stands and how far behind, at one moment
            real = self._monotonic()
            value = max(self._paced(real).value, self._shown)
            behind_real = max(0.0, end + self._held_at_end(real) * self._late_per_held_s() - real)
            self._base_value, self._base_real = value + behind_real * (self._speed - self._target_speed), real
        self._speed = self._target_speed
        self._ends_at, self._left_real_s, self._limit = None, 0.0, None

    def held_real_s(self) -> float:
        """Real seconds a paced catch-up held for the next room poll (`polled`) goes on holding at most: until
        MAX_HOLD_REAL_S gives up on it (0: not held). Its time does not pass meanwhile: a sleeper on it waits for
        that poll (sources.poller wakes its sleepers when the room's poll is in)."""
        self._settle()
        return self._paced(self._monotonic()).hold_left if self._pacing() else 0.0

    def left_real_s(self) -> float:
        """Real seconds until the catch-up ends if nothing holds it from now on (0: caught up; paused before it
        began: its whole run). A waiter for its end looks again then (a hold meanwhile moves the end on)."""
        self._settle()
        if self._left_real_s <= 0:
            return 0.0
        end = self._ends_at
        if end is None or self._paused:
            return self._left_real_s
        real = self._monotonic()
        return max(0.0, end + self._held_at_end(real) * self._late_per_held_s() - real)

    @property
    def catching_up(self) -> bool:
        """Whether the history is still being caught up (or waits for resume() to begin)."""
        self._settle()
        return self._left_real_s > 0

    @property
    def speed(self) -> float:
        self._settle()
        return 0.0 if self._paused else self._speed

    def now(self) -> float:
        self._settle()
        value = self._paced(self._monotonic()).value if self._pacing() else super().now()
        self._shown = max(self._shown, value)
        return self._shown

    def set_speed(self, speed: float) -> None:
        self._end_catch_up()
        self._target_speed = float(speed)
        super().set_speed(speed)

    def pause(self) -> None:
        self._end_catch_up()
        super().pause()

    def resume(self) -> None:
        super().resume()
        self._begin()

    def jump(self, seconds: float) -> None:
        self._end_catch_up()
        super().jump(seconds)

    def real_seconds(self, broadcast_seconds: float) -> float:
        self._settle()
        end = self._ends_at
        if end is None or self._paused:
            return super().real_seconds(broadcast_seconds)
        real = self._monotonic()
        dt = max(0.0, broadcast_seconds)
        if self._pacing() and self._paced(real).hold_left > 0:  # held for the next room poll: look again soon
            return dt / self._speed
        left_real = end + self._held_at_end(real) * self._late_per_held_s() - real
        fast_span = left_real * self._speed  # broadcast seconds still to pass at the catch-up speed
        if dt <= fast_span:
            return dt / self._speed
        return left_real + (dt - fast_span) / self._target_speed


class ManualClock:
    """A clock that moves only when told: for tests."""

    speed = 1.0

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._value = float(start)

    def now(self) -> float:
        return self._value

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock never goes backwards")
        self._value += seconds

    def set(self, value: float) -> None:
        if value < self._value:
            raise ValueError("a clock never goes backwards")
        self._value = value

    def real_seconds(self, broadcast_seconds: float) -> float:
        return 0.0
