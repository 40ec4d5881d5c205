"""The benchmark's demo room in a child process (packaging/bench_demo_child.py, `bench_live_view.py --demo-room
process`): its A/B against the window's in-thread room means something only if the child's room answers the console's
real clients as the in-process room does at the same broadcast time, and the child does not outlive its owner."""

from __future__ import annotations

import asyncio
import dataclasses
import importlib.util
from pathlib import Path
from typing import Any

import httpx
import pytest

from dyconsole.commands.demo_wiring import demo_connection
from dyconsole.core.clock import ScaledClock
from dyconsole.services.live.connection import connect_room
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.sources.ratelimit import RateLimiter

_spec = importlib.util.spec_from_file_location(
    "bench_demo_child", Path(__file__).resolve().parents[2] / "packaging" / "bench_demo_child.py")
assert _spec is not None and _spec.loader is not None
bench_demo_child = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_demo_child)

START = 1_767_000_000.0  # far from midnight in Shanghai


async def _polls(transport: Any, connection: Any, clock: ScaledClock) -> list[Any]:
    """What the console's clients read from the room at three broadcast times (the clock paused at each). The buyer
    mask's salt is fixed (by default it is keyed by each room's fresh secret)."""
    connection = dataclasses.replace(connection, doudian=dataclasses.replace(connection.doudian, buyer_salt=b"salt"))
    source = await connect_room(connection, clock, MemoryTokenStore(), transport=transport)
    for client in (source.qianchuan, source.doudian):  # the clock stands still at each time: no QPS waits
        client.http.limiter = RateLimiter(clock, 1e6)
    seen: list[Any] = []
    try:
        room = await source.find_live_room()
        assert room is not None
        for at in (START + 60.0, START + 600.0, START + 1800.0):
            clock.jump(at - clock.now())
            seen.append((await source.room_sample(room.room_id), await source.products(room.room_id),
                         await source.flow(room.room_id), await source.audience(room.room_id),
                         await source.orders(at - 600.0, at)))
    finally:
        await source.aclose()
    return seen


def test_the_childs_room_answers_the_clients_as_the_in_process_room_at_the_same_times() -> None:
    async def both() -> tuple[list[Any], list[Any]]:
        clock = ScaledClock(speed=1.0, start=START)
        clock.pause()
        connection, transport, _room = demo_connection(clock, 3)
        in_process = await asyncio.wait_for(_polls(transport, connection, clock), 60.0)
        clock = ScaledClock(speed=1.0, start=START)
        clock.pause()
        child = bench_demo_child.ProcessASGITransport(clock, {"seed": 3, "scenario": None, "start_ts": START})
        try:
            connection, room = child.connection()
            assert room.state.identity.start_ts == START
            return in_process, await asyncio.wait_for(_polls(child, connection, clock), 60.0)
        finally:
            child.stop()

    in_process, child = asyncio.run(both())
    assert len(child) == 3 and child[2][1]  # products listed
    assert child[2][4]  # orders in the last 10 broadcast minutes
    assert child == in_process


def test_the_child_ends_with_its_owner_and_a_killed_child_is_an_unreachable_room() -> None:
    clock = ScaledClock(speed=60.0, start=START)
    child = bench_demo_child.ProcessASGITransport(clock, {"seed": 1, "scenario": None, "start_ts": START})
    _connection, room = child.connection()

    async def ask() -> httpx.Response:
        async with httpx.AsyncClient(transport=child, base_url=room.base_url) as client:
            return await client.get("/_emulator/product-order")

    try:
        assert asyncio.run(ask()).status_code == 200
        child._child.kill()
        child._child.wait(5.0)
        with pytest.raises(httpx.ConnectError):
            asyncio.run(ask())
    finally:
        child.stop()
    other = bench_demo_child.ProcessASGITransport(clock, {"seed": 1, "scenario": None, "start_ts": START})
    other.connection()
    other.stop()  # its stdin closed: it exits of itself (stop() kills only one that has not)
    assert other._child.returncode == 0
