"""The emulator-only control endpoints under `/_emulator/`: clock (speed, pause, jump), scenario events, the
live product order and the product being explained, the A/B variant running (`ab`), faults, fresh authorization
codes (what authorizing again gives), and the simulator's ground truth (for tests).

The real-API client never calls these; faults never apply to them. Answers are plain JSON (no API envelope);
a bad request is HTTP 400 with `{"error": ...}`.
"""

from __future__ import annotations

import dataclasses
import json
import math
from enum import Enum
from typing import Any, Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from dyconsole.emulator.state import EmulatorState
from dyconsole.emulator.faults import FaultSpec

PREFIX = "/_emulator"


class BadRequest(Exception):
    pass


def jsonable(value: Any) -> Any:
    """Turn the simulator's truth (dataclasses, numpy values, tuples, enums) into JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "__dict__"):
        return {k: jsonable(v) for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


async def _body(request: Request) -> dict:
    raw = await request.body()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise BadRequest("the body must be JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def _number(body: dict, name: str, default: float | None = None) -> float:
    value = body.get(name, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise BadRequest(f"{name} must be a number")
    return float(value)


def state_of(state: EmulatorState) -> dict:
    state.now()
    clock = state.clock
    return {"speed": clock.speed,
            "paused": bool(getattr(clock, "paused", False)), "status": state.sim.status,
            "elapsed": state.sim.elapsed_s, "now": clock.now(), "source_silent": bool(state.sim.source_silent),
            "faults": state.faults.to_spec()}


def routes(state: EmulatorState) -> list[Route]:
    """The control routes bound to one emulator state."""
    sim, clock = state.sim, state.clock

    async def get_state(_: Request) -> dict:
        return state_of(state)

    async def post_speed(request: Request) -> dict:
        try:
            clock.set_speed(_number(await _body(request), "speed"))
        except ValueError as err:
            raise BadRequest(str(err)) from None
        return state_of(state)

    async def post_pause(_: Request) -> dict:
        state.now()
        clock.pause()
        return state_of(state)

    async def post_resume(_: Request) -> dict:
        clock.resume()
        return state_of(state)

    async def post_jump(request: Request) -> dict:
        seconds = _number(await _body(request), "seconds")
        state.now()
        try:
            clock.jump(seconds)
        except ValueError as err:
            raise BadRequest(str(err)) from None
        return state_of(state)

    async def post_event(request: Request) -> dict:
        from dyconsole.emulator.scenarios import ScenarioEvent

        body = await _body(request)
        if not isinstance(body.get("kind"), str):
            raise BadRequest("kind must be a string")
        state.now()
        try:
            event = ScenarioEvent(kind=body["kind"], at_s=sim.elapsed_s, duration_s=body.get("duration_s", 0.0),
                                  magnitude=body.get("magnitude"), target=body.get("target"))
            sim.apply_event(event)
        except (ValueError, KeyError, TypeError) as err:
            raise BadRequest(f"bad event: {err}") from None
        return {"applied": jsonable(event)}

    async def product_order(request: Request) -> dict:
        state.now()
        if request.method == "POST":
            ids = (await _body(request)).get("product_ids")
            if not isinstance(ids, list) or not all(isinstance(i, (str, int)) for i in ids):
                raise BadRequest("product_ids must be a list of product ids")
            try:
                sim.set_product_order([str(i) for i in ids])
            except (ValueError, KeyError) as err:
                raise BadRequest(f"bad product order: {err}") from None
        return {"product_ids": [str(i) for i in sim.product_order()]}

    async def explaining(request: Request) -> dict:
        state.now()
        pid = (await _body(request)).get("product_id")
        if pid is not None and not isinstance(pid, (str, int)):
            raise BadRequest("product_id must be a product id or null")
        try:
            sim.set_explaining(None if pid is None else str(pid))
        except (ValueError, KeyError) as err:
            raise BadRequest(f"bad product: {err}") from None
        return {"product_id": None if pid is None else str(pid)}

    async def ab_variant(request: Request) -> dict:
        """The A/B variant the demo room runs (POST {"variant": "B"}, null to end the test). The true effect stays
        hidden here: it is in the truth."""
        state.now()
        if request.method == "POST":
            body = await _body(request)
            if "variant" not in body:
                raise BadRequest("variant is required: a key such as 'A' or 'B', or null")
            try:
                sim.set_ab_variant(body["variant"])
            except ValueError as err:
                raise BadRequest(str(err)) from None
        return {"variant": sim.ab_variant()}

    async def faults(request: Request) -> dict:
        if request.method == "POST":
            spec = (await _body(request)).get("spec", "")
            if not isinstance(spec, str):
                raise BadRequest("spec must be a string like 'latency=0.2,http5xx=0.1'")
            try:
                state.set_faults(FaultSpec.parse(spec))
            except ValueError as err:
                raise BadRequest(str(err)) from None
        return {"spec": state.faults.to_spec(), "faults": dataclasses.asdict(state.faults)}

    async def codes(_: Request) -> dict:
        """Fresh single-use authorization codes: what the operator gets by authorizing the console again."""
        return {"qianchuan": {"auth_code": state.qianchuan.book.issue_code()},
                "doudian": {"code": state.doudian.book.issue_code()}}

    async def truth(_: Request) -> dict:
        state.now()
        return {"now": clock.now(), "elapsed": sim.elapsed_s, "truth": jsonable(sim.truth)}

    def json_route(path: str, fn: Callable[[Request], Awaitable[dict]], methods: list[str]) -> Route:
        async def run(request: Request) -> JSONResponse:
            try:
                return JSONResponse(await fn(request))
            except BadRequest as err:
                return JSONResponse({"error": str(err)}, status_code=400)

        return Route(f"{PREFIX}/{path}", run, methods=methods)

    return [
        json_route("state", get_state, ["GET"]),
        json_route("speed", post_speed, ["POST"]),
        json_route("pause", post_pause, ["POST"]),
        json_route("resume", post_resume, ["POST"]),
        json_route("jump", post_jump, ["POST"]),
        json_route("event", post_event, ["POST"]),
        json_route("product-order", product_order, ["GET", "POST"]),
        json_route("explaining", explaining, ["POST"]),
        json_route("ab", ab_variant, ["GET", "POST"]),
        json_route("faults", faults, ["GET", "POST"]),
        json_route("truth", truth, ["GET"]),
        json_route("codes", codes, ["POST"]),
    ]
