"""The broadcast clock of a demo room served for another process (`dyconsole emulator --clock-from-requests`): the
console owns the demo room's clock (its catch-up is paced by the room's polls), so every request it sends carries
the console's broadcast time in one header (`NOW_HEADER`) and the room's clock moves to it (`RequestClock`,
`follow_request_clock`). A request without the header (a client that is not the console) leaves the clock where it
is. The clock never goes back; it is moved only by the console (pause, resume, jump and speed are the console's)."""

from __future__ import annotations

import math
from typing import Any, Awaitable, Callable

#: the header carrying the console's broadcast time (epoch seconds) on each request to its demo room
NOW_HEADER = "x-dyconsole-demo-now"

_NOW_KEY = NOW_HEADER.encode("ascii")


class RequestClock:
    """The broadcast time the last request carried (from `start`); never backwards."""

    def __init__(self, start: float, speed: float = 1.0) -> None:
        self._now = float(start)
        self.speed = float(speed)  # the console's speed, for the room's state endpoint only

    @property
    def paused(self) -> bool:
        return False

    def now(self) -> float:
        return self._now

    def follow(self, broadcast_ts: float) -> None:
        """The console's time now (an earlier or unreadable one is ignored: the room's time never goes back)."""
        if math.isfinite(broadcast_ts) and broadcast_ts > self._now:
            self._now = broadcast_ts

    def real_seconds(self, broadcast_seconds: float) -> float:
        return broadcast_seconds / self.speed

    def _owned_by_the_console(self, *_args: Any) -> None:
        raise ValueError("this demo room's clock is the console's: pause, resume, jump and speed are set there")

    set_speed = pause = resume = jump = _owned_by_the_console


ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


def follow_request_clock(app: ASGIApp, clock: RequestClock) -> ASGIApp:
    """`app` with `clock` moved to the time each HTTP request carries in NOW_HEADER before it is handled."""

    async def served(scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") == "http":
            for key, value in scope.get("headers", ()):
                if key == _NOW_KEY:
                    try:
                        clock.follow(float(value))
                    except ValueError:
                        pass
                    break
        await app(scope, receive, send)

    return served
