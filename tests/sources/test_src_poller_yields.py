"""At an absurd clock speed every tick is due at once, and a source that answers without waiting (an in-process
room) would let the poll loop run forever without giving the event loop a turn: SIGINT/SIGTERM handlers, the
window and `stop()` would never run. The loop yields once per tick whatever the clock does."""

from __future__ import annotations

import asyncio

from dyconsole.core.clock import ScaledClock
from dyconsole.core.feed import PollFanOut, PollIntervals
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.sources.poller import Poller

ROOM = "7300000000000000001"


class InstantSource:
    """Answers every call at once (no await inside: like an in-process room on a fast path)."""

    def __init__(self, clock: ScaledClock) -> None:
        self.clock = clock
        self.calls = 0
        self.on_call = lambda: None

    async def find_live_room(self) -> RoomInfo:
        return RoomInfo(ROOM, "t", RoomStatus.LIVING)

    async def room_info(self, room_id: str) -> RoomInfo:
        return RoomInfo(ROOM, "t", RoomStatus.LIVING)

    async def room_sample(self, room_id: str) -> RoomSample:
        self.calls += 1
        self.on_call()
        return RoomSample(self.clock.now(), ROOM, RoomStatus.LIVING, {"total_live_watch_cnt": 1.0})

    async def products(self, room_id: str) -> list:  # type: ignore[type-arg]
        return []

    async def flow(self, room_id: str) -> list:  # type: ignore[type-arg]
        return []

    async def audience(self, room_id: str) -> list:  # type: ignore[type-arg]
        return []

    async def orders(self, since: float, until: float) -> None:
        return None


def test_the_poll_loop_gives_the_event_loop_a_turn_at_any_speed() -> None:
    async def main() -> tuple[int, int]:
        clock = ScaledClock(speed=1e12)
        source = InstantSource(clock)
        poller = Poller(source, clock, PollIntervals(room=5, products=10, flow=10, audience=20, orders=15),
                        PollFanOut([]), kinds=("room",))
        other_turns = 0

        async def other_task() -> None:  # stands for the signal handler, the window, a stop request
            nonlocal other_turns
            while True:
                other_turns += 1
                await asyncio.sleep(0)

        seen: list[int] = []

        def call() -> None:
            if source.calls == 200:
                seen.append(other_turns)
                poller.stop()

        source.on_call = call
        helper = asyncio.create_task(other_task())
        await poller.run()
        helper.cancel()
        return seen[0], source.calls

    turns, calls = asyncio.run(main())
    assert calls == 200
    assert turns >= 100  # the loop had turns between the polls (0 when it never yields)
