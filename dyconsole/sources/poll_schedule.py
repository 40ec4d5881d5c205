"""The tick grid of one poll kind, scheduled by deadline: when its next poll is due, which late ticks are given up,
and how many of those the machine missed.

A tick is due at its time on a fixed grid (start + k x interval of broadcast time). A poll that comes late, but
within its own interval (the previous poll took long, the event loop was busy), is made at once: it is not
dropped. A tick whose whole interval has passed before its poll could start is given up (polling it now would
sample the same moment as the next tick): `skip_missed()` moves the grid to the newest due tick and says how many
ticks the machine missed. Broadcast time that passed without real time passing (a jump of the clock, the demo
room's "next day") and time while the clock is paused are not missed polls: they are skipped uncounted.
"""

from __future__ import annotations

import math

from dyconsole.core.clock import Clock

#: a span this close under a whole number of intervals counts as that number (epoch seconds in floating point)
TICK_TOLERANCE = 1e-6


class TickGrid:
    """The grid of one poll kind: `due` (broadcast time of the next tick) and the real (event-loop) time it came
    due or will come due at."""

    def __init__(self, interval: float, clock: Clock, real_now: float) -> None:
        if interval <= 0:
            raise ValueError("a poll interval must be > 0")
        self.interval = float(interval)
        self.clock = clock
        self.due = clock.now()
        self.due_real = real_now

    def set_due(self, due: float, real_now: float) -> None:
        """The next tick is at broadcast time `due` (past or future); `real_now` is the event loop's time."""
        self.due = due
        speed = self.clock.speed
        self.due_real = real_now + ((due - self.clock.now()) / speed if speed > 0 else 0.0)

    def advance(self) -> None:
        """On to the tick after the one just polled (or passed): it may be due already (a late poll runs at
        once). It comes due one interval of real time at the clock's speed after this one (not reckoned from the
        clock now: a jump of the clock during the poll is not time the machine spent)."""
        speed = self.clock.speed
        self.due += self.interval
        self.due_real += self.interval / speed if speed > 0 else 0.0

    def skip_missed(self, real_now: float) -> int:
        """Give up the ticks whose whole interval has passed (the newest due tick is polled now, within its
        interval); return how many of them came due in real time, i.e. were missed (not jumped over)."""
        now = self.clock.now()
        passed = ticks(now - self.due, self.interval)
        if passed < 1:
            return 0
        real_late = max(0.0, real_now - self.due_real) * self.clock.speed
        missed = min(passed, ticks(real_late, self.interval))
        self.set_due(self.due + passed * self.interval, real_now)
        return max(0, missed)


def ticks(span: float, interval: float) -> int:
    """Whole intervals in `span` (0 for a negative span)."""
    return max(0, math.floor(span / interval + TICK_TOLERANCE))
