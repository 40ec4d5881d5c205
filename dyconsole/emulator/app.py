"""The emulator's ASGI app: one Starlette app serving Qianchuan (`/open_api/...`), Doudian (`/order/searchList`,
`/token/*`) and the control endpoints (`/_emulator/...`) from one simulator and one broadcast clock.

This module owns the shared request state (`EmulatorState`) and the pipeline every real-API request goes through:
advance the simulator to the clock's now, draw a fault plan (latency, timeout, 5xx, rate limit), answer 503 while
the source is silent, run the endpoint, then apply body faults (missing/nulls/strings, malformed, truncated).
Control endpoints bypass the pipeline: faults never apply to them.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping, Protocol

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dyconsole.emulator.auth import DoudianAuth, QianchuanAuth
from dyconsole.emulator.faults import MALFORMED_BODY, FaultInjector, FaultSpec
from dyconsole.emulator.ratelimit import QpsLimiter

log = logging.getLogger("dyconsole.emulator")

JSON_TYPE = "application/json"


class BroadcastClock(Protocol):
    def now(self) -> float: ...


@dataclass
class RoomIdentity:
    """Who the emulated accounts are: the ids the credentials are bound to."""

    advertiser_id: str
    aweme_id: str
    room_id: str
    shop_id: str
    start_ts: float
    duration_s: float | None = None  # None: the room is listed up to today

    def live_dates(self, now: float, day: Callable[[float], str]) -> set[str]:
        """The days (as `day` formats them) the room was live on, up to now: `room/get` lists it on each."""
        end = now if self.duration_s is None else min(now, self.start_ts + self.duration_s)
        dates, ts = set(), self.start_ts
        while ts < end:
            dates.add(day(ts))
            ts += 86_400
        dates.add(day(max(self.start_ts, end)))
        return dates


class EmulatorState:
    """Everything a request may read or change: simulator, clock, auth, QPS windows, faults."""

    def __init__(self, simulator: Any, clock: BroadcastClock, identity: RoomIdentity, qianchuan: QianchuanAuth,
                 doudian: DoudianAuth, faults: FaultSpec | None = None, fault_seed: int = 0,
                 qps: Mapping[str, float] | None = None, wall: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, serve_online: bool = False) -> None:
        self.sim = simulator
        #: the official APIs carry no concurrent-online count (API.md): the room answers without online_user_cnt
        #: unless told to, so the console shows its estimate as it will against the real platform
        self.serve_online = serve_online
        self.clock = clock
        self.identity = identity
        self.qianchuan = qianchuan
        self.doudian = doudian
        self.limiter = QpsLimiter(qps)
        self.wall = wall  # real time: Doudian timestamps and request ids
        self.sleep = sleep  # real waits: latency and timeout faults
        self.injector = FaultInjector(faults, seed=fault_seed)
        self.set_faults(self.injector.spec)
        self._ids = itertools.count(1)

    def now(self) -> float:
        """Broadcast now, with the simulator advanced to it."""
        now = self.clock.now()
        if now > self.sim.now_ts:
            self.sim.advance_to(now)
        return now

    @property
    def faults(self) -> FaultSpec:
        return self.injector.spec

    def set_faults(self, spec: FaultSpec) -> None:
        self.injector.spec = spec
        self.qianchuan.book.access_ttl_override = spec.expire_tokens
        self.doudian.book.access_ttl_override = spec.expire_tokens

    def next_id(self) -> str:
        """A request_id / log_id: the wall time plus a counter, like the real services' ids."""
        return f"{time.strftime('%Y%m%d%H%M%S', time.gmtime(self.wall()))}{next(self._ids):010d}"


class Dialect(Protocol):
    """How one API family answers: its envelope and its rate-limit answer."""

    def rate_limited(self, state: EmulatorState) -> dict: ...


Handler = Callable[[EmulatorState, Request], Awaitable[dict]]


@dataclass(frozen=True)
class Endpoint:
    path: str
    handler: Handler
    methods: tuple[str, ...]
    data: bool  # a data endpoint answers 503 while the source is silent


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def api_route(state: EmulatorState, endpoint: Endpoint, dialect: Dialect) -> Route:
    """Wrap an endpoint in the real-API pipeline (faults, silence, body mutations)."""

    async def run(request: Request) -> Response:
        state.now()
        plan = state.injector.plan()
        if plan.latency_s:
            await state.sleep(plan.latency_s)
        if plan.timeout_s:
            log.info("fault: holding %s for %.1f s", request.url.path, plan.timeout_s)
            await state.sleep(plan.timeout_s)
        if plan.http_status:
            return Response(f"emulated HTTP {plan.http_status}".encode(), status_code=plan.http_status,
                            media_type="text/plain")
        if endpoint.data and state.sim.source_silent:
            return Response(b"source silent", status_code=503, media_type="text/plain")
        body = dialect.rate_limited(state) if plan.rate_limited else await endpoint.handler(state, request)
        if isinstance(body.get("data"), (dict, list)):
            state.injector.mutate(body["data"], plan)
        raw = _json_bytes(body)
        if plan.malformed:
            raw = MALFORMED_BODY
        elif plan.truncated:
            raw = state.injector.truncate(raw)
        return Response(raw, media_type=JSON_TYPE)

    return Route(endpoint.path, run, methods=list(endpoint.methods), name=endpoint.path)


def create_app(state: EmulatorState) -> Starlette:
    """The ASGI app for one emulated room (Qianchuan + Doudian + control endpoints)."""
    from dyconsole.emulator import control, doudian_api, qianchuan_api

    routes: list[Route] = []
    for endpoint in qianchuan_api.ENDPOINTS:
        routes.append(api_route(state, endpoint, qianchuan_api.DIALECT))
    for endpoint in doudian_api.ENDPOINTS:
        routes.append(api_route(state, endpoint, doudian_api.DIALECT))
    routes.extend(control.routes(state))
    app = Starlette(routes=routes)
    app.state.emulator = state
    return app
