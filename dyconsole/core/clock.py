"""Broadcast time.

Every part that needs the time (simulator, emulator, poller, recorder, charts) asks a clock object, so the
demo room can run accelerated: at speed 60 a broadcast hour passes in a real minute, polls included.

`now()` is broadcast time in epoch seconds. A clock never goes backwards. `real_seconds(dt)` says how long to
really wait for `dt` seconds of broadcast time to pass (callers in the sources layer do the actual sleeping).
"""

from __future__ import annotations

import time
from typing import Callable, Protocol

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
