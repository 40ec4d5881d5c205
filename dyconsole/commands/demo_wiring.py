"""Composition-root helper: the in-process demo room as a room connection, shared by the console window (app.py)
and the headless recorder (`dyconsole record --source demo`).

It owns the one place where the emulator's demo room (simulator + emulated APIs + fresh credentials) is turned
into the `RoomConnection` and httpx transport the real-API clients use, so the demo exercises the very client code
that talks to Douyin. Only the composition root (app/cli/commands) may import the emulator; this module is part of
it. The credentials stay in memory (they are never logged or stored).
"""

from __future__ import annotations

from typing import Any, Mapping

import httpx

from dyconsole.core.clock import Clock
from dyconsole.emulator.demo import DEMO_DURATION_S, DemoRoom, build_demo
from dyconsole.services.room_connection import DoudianLogin, QianchuanLogin, RoomConnection

#: the seed of the demo room when none is given
DEFAULT_DEMO_SEED = 1


def connection_for(room: DemoRoom) -> RoomConnection:
    """The Qianchuan + Doudian logins of a demo room's current credentials, at the room's base URL."""
    c = room.credentials
    return RoomConnection(
        QianchuanLogin(c.base_url, c.qianchuan.app_id, c.qianchuan.secret, c.qianchuan.advertiser_id,
                       c.qianchuan.aweme_id, c.qianchuan.auth_code),
        DoudianLogin(c.base_url, c.doudian.app_key, c.doudian.app_secret, c.doudian.shop_id, c.doudian.code),
    )


def demo_connection(
    clock: Clock,
    seed: int | None,
    scenario: Any = None,
    faults: str = "",
    *,
    duration_s: float = DEMO_DURATION_S,
    qps: Mapping[str, float] | None = None,
) -> tuple[RoomConnection, httpx.AsyncBaseTransport, DemoRoom]:
    """A demo room starting now on `clock` (seed None: DEFAULT_DEMO_SEED), its connection and an in-process
    transport (httpx.ASGITransport on the room's app). `scenario`: a name, a JSON path or a Scenario; `faults`: a
    fault spec. Raises ValueError for a bad fault spec, and whatever loading a bad scenario raises."""
    room = build_demo(clock, seed=DEFAULT_DEMO_SEED if seed is None else seed, scenario=scenario, faults=faults,
                      duration_s=duration_s, qps=qps)
    return connection_for(room), httpx.ASGITransport(app=room.app), room
