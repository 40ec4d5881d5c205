"""The life of one alert (one rule, one subject): pending duration, hysteresis and cooldown.

Per evaluation the rule says whether its alarm condition holds (True / False / None = cannot tell: a missing
value, no norm known, too few counts) and, while active, whether it has recovered (True / False / None).

- Idle: the condition must hold on consecutive evaluations for `pending_s` broadcast seconds before the alert
  fires (with pending_s = 0 it fires on the first evaluation that holds). False resets the timer. None *pauses*
  it: the time accumulated so far is kept, the missing stretch does not count, and holding resumes counting
  from the next evaluation that holds.
- Active: it resolves only when `recovered` is True (the recovery level is on the far side of the threshold,
  so a value hovering at the threshold cannot flap). None or False keep it active.
- After resolving, for `cooldown_s` the condition is not even considered (the pending timer starts afresh
  when the cooldown is over).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

FIRE = "fired"
RESOLVE = "resolved"


@dataclass(slots=True)
class Gate:
    pending_s: float
    cooldown_s: float
    active: bool = False
    held_s: float = 0.0
    last_hold_ts: float | None = None
    cooldown_until: float = -math.inf

    def step(self, ts: float, condition: bool | None, recovered: bool | None) -> str | None:
        """Advance to `ts`; returns FIRE, RESOLVE or None."""
        if self.active:
            if recovered:
                self.active = False
                self.cooldown_until = ts + self.cooldown_s
                self._reset()
                return RESOLVE
            return None
        if ts < self.cooldown_until:
            self._reset()
            return None
        if condition is None:
            self.last_hold_ts = None
            return None
        if not condition:
            self._reset()
            return None
        if self.last_hold_ts is not None:
            self.held_s += ts - self.last_hold_ts
        self.last_hold_ts = ts
        if self.held_s >= self.pending_s:
            self.active = True
            self._reset()
            return FIRE
        return None

    def _reset(self) -> None:
        self.held_s = 0.0
        self.last_hold_ts = None
