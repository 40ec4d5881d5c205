"""The console window's demo room runs in a child process (commands.demo_process): Python threads share one lock
(the GIL), so the room's emulator on a thread of the console made the UI thread wait (event-loop lag, issue 15).
The room follows the console's clock (each request carries it), the child stops with the console (and by itself
when the console's end closes its stdin), and a room that cannot start is said in the window."""

from __future__ import annotations

import asyncio
import math
import os
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest

from dyconsole.app import Console
from dyconsole.commands.demo_process import DemoRoomProcess, emulator_command
from dyconsole.core.clock import ManualClock
from dyconsole.core.model import ConnectionState
from dyconsole.emulator.request_clock import RequestClock
from dyconsole.services.settings.app_settings import AppSettings
from tests.live.test_live_window import _args, drive
from tests.support.loop_waits import until


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet waited for) is not alive
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def test_the_request_clock_only_moves_forward_to_the_consoles_time() -> None:
    clock = RequestClock(1000.0, speed=60.0)
    clock.follow(1010.0)
    clock.follow(1005.0)  # an earlier one (a request overtaken by another) is ignored
    clock.follow(math.nan)
    assert clock.now() == 1010.0 and clock.real_seconds(60.0) == 1.0
    for owned in (clock.pause, clock.resume, lambda: clock.jump(5.0), lambda: clock.set_speed(2.0)):
        with pytest.raises(ValueError):
            owned()  # the console's clock, not the room's


def test_the_child_room_follows_the_consoles_clock_and_stops() -> None:
    clock = ManualClock(1_700_000_000.0)
    room = DemoRoomProcess(clock, seed=2)
    assert room.command()[: len(emulator_command())] == emulator_command()

    async def run() -> tuple[float, float]:
        credentials = await room.start()
        assert credentials.base_url.startswith("http://127.0.0.1:") and room.running
        async with httpx.AsyncClient(transport=room.transport, base_url=room.base_url) as client:
            clock.advance(90.0)
            first = (await client.get("/_emulator/state")).json()["now"]
            clock.advance(30.0)
            second = (await client.get("/_emulator/state")).json()["now"]
        await room.transport.close_pool()
        return first, second

    try:
        assert asyncio.run(run()) == (1_700_000_090.0, 1_700_000_120.0)  # the room is where the console's clock is
    finally:
        pid = room.pid
        room.stop()
    assert pid is not None and not room.running and not _alive(pid)


def test_the_child_room_stops_by_itself_when_the_console_is_gone() -> None:
    room = DemoRoomProcess(ManualClock(), seed=1)
    asyncio.run(room.start())
    child = room._child  # noqa: SLF001 - the console ending: its end of the pipe closes, nothing else is said
    assert child is not None and child.stdin is not None
    child.stdin.close()
    assert child.wait(timeout=15) == 0
    room.stop()


def test_a_room_that_cannot_start_says_why() -> None:
    room = DemoRoomProcess(ManualClock(), seed=1, scenario="no-such-scenario")
    with pytest.raises(OSError, match="bad --scenario"):
        asyncio.run(room.start())
    assert not room.running


def test_the_consoles_room_runs_in_a_child_that_ends_with_the_window(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, Any] = {}

    async def scenario(c: Any) -> None:
        await until(lambda: c.feed is not None and
                    np.isfinite(np.array(c.feed.series["online"].values, dtype=float)).sum() > 3)
        room = c.demo_process
        assert room is not None and room.running and c.demo is None  # nothing of the room in the console's process
        seen["pid"] = room.pid
        assert _alive(room.pid) and room.pid != os.getpid()

    c = drive(qloop, tmp_path, scenario)
    assert c.demo_process is None and not _alive(seen["pid"])  # closing the window stopped it


def test_a_demo_room_that_cannot_start_is_said_in_the_window(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = Console(_args(str(tmp_path / "s.sqlite3"), scenario="no-such-scenario"), AppSettings(), "en")

    async def main() -> int:
        run = asyncio.ensure_future(c.run())
        try:
            await until(lambda: c.feed is not None and c.feed.health is not None
                        and c.feed.health.state is ConnectionState.DOWN)
            assert "bad --scenario" in (c.feed.health.last_error or "")
            c.window.refresh_status()
            assert "bad --scenario" in c.window.status.error_label.text()  # said where the operator looks
        finally:
            if c.window is not None:
                c.window.close()
        return await asyncio.wait_for(run, 10)

    qloop.run_until_complete(main())
    assert c.window is None and c.demo_process is None
