"""The pipeline every real-API request goes through: advance the simulator to the clock's now, draw a fault plan
(latency, timeout, 5xx, rate limit), answer 503 while the source is silent, run the endpoint, then apply body
faults (missing/nulls/strings, malformed, truncated). Owns `Endpoint` (what an API module serves) and `Dialect`
(how an API family answers a rate limit).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Protocol

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from dyconsole.emulator.faults import MALFORMED_BODY
from dyconsole.emulator.state import EmulatorState

log = logging.getLogger("dyconsole.emulator")

JSON_TYPE = "application/json"


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
