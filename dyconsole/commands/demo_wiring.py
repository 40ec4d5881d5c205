"""Composition-root helper: the in-process demo room as a room connection, shared by the console window (app.py)
and the headless recorder (`dyconsole record --source demo`), including the plan (`DemoPlan`) a recorded demo
broadcast is rebuilt from when its recording is resumed.

It owns the one place where the emulator's demo room (simulator + emulated APIs + fresh credentials) is turned
into the `RoomConnection` and httpx transport the real-API clients use, so the demo exercises the very client code
that talks to Douyin, and the one place the console reaches the demo room's control endpoints (the product order,
`product_order_control`; the A/B variant, `ab_variant_control`). Only the composition root (app/cli/commands) may import the emulator; this module is part of
it. The credentials stay in memory (they are never logged or stored).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping

import httpx

from dyconsole.commands.asgi_thread import settle_trio_check
from dyconsole.core.clock import Clock, ScaledClock
from dyconsole.emulator.control import PREFIX as CONTROL_PREFIX
from dyconsole.emulator.demo import DEMO_DURATION_S, DemoRoom, build_demo
from dyconsole.services.live.connection import DoudianLogin, QianchuanLogin, RoomConnection

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
    settle_trio_check()  # each request's check for trio is answered at once
    return connection_for(room), httpx.ASGITransport(app=room.app), room


#: the transport serving the demo room connected now (None: a fresh in-process one for each control request)
RoomTransport = Callable[[], "httpx.AsyncBaseTransport | None"]


async def _post_control(room: Callable[[], DemoRoom | None], path: str, body: dict[str, Any],
                        transport: RoomTransport = lambda: None) -> dict[str, Any]:
    """POST `body` to the demo room's control endpoint `path` (in process, through `transport` when the room is
    served on a thread of its own: the request then runs there too); its answer, or RuntimeError with the room's
    message (and when no demo room is connected)."""
    demo = room()
    if demo is None:
        raise RuntimeError("the demo room is not connected")
    via = transport() or httpx.ASGITransport(app=demo.app)
    async with httpx.AsyncClient(transport=via, base_url=demo.base_url) as client:
        answer = await client.post(f"{CONTROL_PREFIX}/{path}", json=body)
        if answer.status_code != 200:
            raise RuntimeError(answer.json().get("error", f"HTTP {answer.status_code}"))
        return dict(answer.json())


def product_order_control(room: Callable[[], DemoRoom | None], transport: RoomTransport = lambda: None,
                          ) -> Callable[[list[str]], Awaitable[list[str]]]:
    """The "apply order" of the demo room (for services.products.ordering): POST the order to its control
    endpoint `/_emulator/product-order` (in process); returns the order the room has now. `room` gives the demo
    room connected now (None before: applying then raises RuntimeError); `transport` the one serving it (on its
    own thread: the control request then runs there too), None for a fresh in-process one. The real-API clients
    never see it."""

    async def apply(product_ids: list[str]) -> list[str]:
        answer = await _post_control(room, "product-order", {"product_ids": product_ids}, transport)
        return [str(p) for p in answer["product_ids"]]

    return apply


def ab_variant_control(room: Callable[[], DemoRoom | None], transport: RoomTransport = lambda: None,
                       ) -> Callable[[str | None], Awaitable[str | None]]:
    """The "switch variant" of the demo room (for the A/B runner service): POST the variant key (None: the test
    ended) to `/_emulator/ab`, where the room applies the variant's hidden true effect; returns the variant the
    room runs now. RuntimeError when no demo room is connected or the room refuses the key."""

    async def switch(variant: str | None) -> str | None:
        answer = await _post_control(room, "ab", {"variant": variant}, transport)
        return answer["variant"]

    return switch


@dataclass
class DemoPlan:
    """How to (re)build the demo room: the event payload a resumed recording reads back."""

    seed: int
    scenario: str | None
    room_start_ts: float
    duration_s: float

    def as_event(self) -> dict[str, Any]:
        return {"seed": self.seed, "scenario": self.scenario, "room_start_ts": self.room_start_ts,
                "duration_s": self.duration_s}


def demo_plan_of_room(room: DemoRoom, seed: int | None, scenario: Any) -> DemoPlan:
    """The plan a demo room was built from (the console window's room: its scenario only when given by name)."""
    identity = room.state.identity
    return DemoPlan(DEFAULT_DEMO_SEED if seed is None else seed, scenario if isinstance(scenario, str) else None,
                    float(identity.start_ts), float(identity.duration_s))


def start_demo_room(speed: float, plan: DemoPlan, resume_at: float | None,
                    ) -> tuple[ScaledClock, RoomConnection, httpx.AsyncBaseTransport]:
    """A paused clock at the room's start, the demo room on it, then the clock moved to `resume_at` and running
    at `speed`. Raises ValueError for a bad demo room (as demo_connection)."""
    clock = ScaledClock(speed=speed, start=plan.room_start_ts)
    clock.pause()  # the room's start time is exactly plan.room_start_ts, however slow the build
    connection, transport, _room = demo_connection(clock, plan.seed, plan.scenario, duration_s=plan.duration_s)
    if resume_at is not None and resume_at > clock.now():
        clock.jump(resume_at - clock.now())
    clock.resume()
    return clock, connection, transport


#: how long after the cut-off the rebuilt demo room's clock stands when a demo session is settled
SETTLE_MARGIN_S = 60.0


def settle_demo_room(plan: DemoPlan, cutoff_ts: float,
                     ) -> tuple[ScaledClock, RoomConnection, httpx.AsyncBaseTransport, DemoRoom]:
    """The recorded demo broadcast rebuilt from its seed (as a resumed recording is), its clock moved to just past
    the session's cut-off (7 days after the broadcast) and running, so its Doudian API serves the week's orders
    with the simulator's repurchases. The buyer mask is keyed by the plan (not by the rebuilt room's fresh secret),
    so a settle interrupted and continued in another run matches the same buyers. The operator's product-order
    changes are not replayed (as for a resumed recording)."""
    clock = ScaledClock(speed=1.0, start=plan.room_start_ts)
    clock.pause()
    connection, transport, room = demo_connection(clock, plan.seed, plan.scenario, duration_s=plan.duration_s)
    salt = hashlib.sha256(f"dyconsole-demo-buyer:{plan.seed}:{plan.room_start_ts}".encode()).digest()
    assert connection.doudian is not None
    connection = dataclasses.replace(connection, doudian=dataclasses.replace(connection.doudian, buyer_salt=salt))
    clock.jump(max(0.0, cutoff_ts + SETTLE_MARGIN_S - clock.now()))
    clock.resume()
    return clock, connection, transport, room
