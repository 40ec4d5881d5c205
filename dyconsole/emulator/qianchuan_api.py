"""The emulated Qianchuan open API: OAuth2 token endpoints and the five `today_live/*` endpoints of API.md.

GET with query parameters (`fields`/`filtering` as JSON-encoded strings), `Access-Token` header, envelope
`{code, message, request_id, data}`, paging from 1 with `page_info`. Field names are the real ones, quirks kept.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

from starlette.requests import Request

from dyconsole.core import wire
from dyconsole.core.metrics import REAL_ONLINE as ONLINE_FIELD
from dyconsole.emulator.pipeline import Endpoint
from dyconsole.emulator.state import EmulatorState
from dyconsole.emulator.auth import AuthError

#: the platform's day boundary is Beijing time
CHINA_TZ = timezone(timedelta(hours=8))
ROOM_IDENTITY_FIELDS = ("room_id", "room_title", "room_status", "start_time", "end_time", "aweme_id", "aweme_name")
PRODUCT_IDENTITY_FIELDS = ("productId", "title", "img_url", "explain_status")
ROOM_STATUS_FILTERS = ("ALL", "LIVING", "FINISH")
EXPLAIN_FILTERS = {"ALL": None, "HASEXPLAIN": ("HASEXPLAIN", "BEINGEXPLAIN"), "UNEXPLAIN": ("UNEXPLAIN",)}
FLOW_BY = wire.FLOW_KINDS
AUDIENCE_LABEL = {"CITY": ("city", "city_name"), "GENDER": ("gender", "gender_type"), "AGE": ("age", "age_type")}


class QcError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class QianchuanDialect:
    def rate_limited(self, state: EmulatorState) -> dict:
        code = state.injector.choice((wire.QC_RATE_LIMIT, wire.QC_DEV_RATE_LIMIT))
        return envelope(state, code, "Too many requests, please retry later", {})


DIALECT = QianchuanDialect()


def envelope(state: EmulatorState, code: int, message: str, data: Any) -> dict:
    return {"code": code, "message": message, "request_id": state.next_id(), "data": data}


def china_date(ts: float) -> str:
    return datetime.fromtimestamp(ts, CHINA_TZ).strftime("%Y-%m-%d")


# --- parameter helpers ----------------------------------------------------------------------------------------
def _json_param(request: Request, name: str, kind: type) -> Any:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise QcError(wire.QC_PARAM_ERROR, f"{name} must be a JSON-encoded {kind.__name__}") from None
    if not isinstance(value, kind):
        raise QcError(wire.QC_PARAM_ERROR, f"{name} must be a JSON-encoded {kind.__name__}")
    return value


def _int_param(request: Request, name: str, default: int, low: int, high: int | None = None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise QcError(wire.QC_PARAM_ERROR, f"{name} must be an integer") from None
    if value < low or (high is not None and value > high):
        raise QcError(wire.QC_PARAM_ERROR, f"{name} must be between {low} and {high}")
    return value


def _choice_param(value: Any, name: str, options: Iterable[str], default: str) -> str:
    if value is None or value == "":
        return default
    if value not in options:
        raise QcError(wire.QC_PARAM_ERROR, f"{name} must be one of {', '.join(options)}")
    return str(value)


def _page(request: Request, items: list[dict]) -> tuple[list[dict], dict]:
    page = _int_param(request, "page", 1, 1)
    size = _int_param(request, "page_size", wire.QC_DEFAULT_PAGE_SIZE, 1, wire.QC_MAX_PAGE_SIZE)
    total = len(items)
    info = {"page": page, "page_size": size, "total_num": total, "total_page": (total + size - 1) // size}
    return items[(page - 1) * size: page * size], info


def _select(record: dict, keep: tuple[str, ...], fields: list | None) -> dict:
    if fields is None:
        return record
    wanted = set(keep) | {str(f) for f in fields}
    return {k: v for k, v in record.items() if k in wanted}


def _authorize(state: EmulatorState, request: Request, endpoint_key: str, now: float) -> None:
    """Access-Token, advertiser_id, then the endpoint's QPS window."""
    code = state.qianchuan.check(request.headers.get("Access-Token"), now)
    if code is not None:
        message = {wire.QC_TOKEN_EMPTY: "Access-Token is empty", wire.QC_TOKEN_EXPIRED: "access token expired"}
        raise QcError(code, message.get(code, "access token is invalid"))
    advertiser = request.query_params.get("advertiser_id", "")
    if not advertiser:
        raise QcError(wire.QC_PARAM_ERROR, "advertiser_id is required")
    if advertiser not in state.qianchuan.advertiser_ids:
        raise QcError(wire.QC_PARAM_ERROR, "no permission for this advertiser_id")
    if not state.limiter.allow(endpoint_key, now):
        raise QcError(wire.QC_RATE_LIMIT, "Too many requests, please retry later")


def _room_param(state: EmulatorState, request: Request) -> str:
    room_id = request.query_params.get("room_id", "")
    if not room_id:
        raise QcError(wire.QC_PARAM_ERROR, "room_id is required")
    if room_id != state.identity.room_id:
        raise QcError(wire.QC_PARAM_ERROR, "room_id not found for this advertiser")
    return room_id


# --- endpoints ------------------------------------------------------------------------------------------------
def _live(key: str):  # type: ignore[no-untyped-def]
    """Decorate a today_live handler: authorize, answer QcError as an envelope, wrap success data."""

    def wrap(fn):  # type: ignore[no-untyped-def]
        async def handler(state: EmulatorState, request: Request) -> dict:
            now = state.now()
            try:
                _authorize(state, request, key, now)
                return envelope(state, wire.QC_OK, "OK", fn(state, request))
            except QcError as err:
                return envelope(state, err.code, err.message, {})

        return handler

    return wrap


@_live("room/get")
def room_get(state: EmulatorState, request: Request) -> dict:
    fields = _json_param(request, "fields", list)
    filtering = _json_param(request, "filtering", dict) or {}
    status_filter = _choice_param(filtering.get("room_status"), "room_status", ROOM_STATUS_FILTERS, "ALL")
    date = request.query_params.get("date_time") or china_date(state.clock.now())
    try:
        datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        raise QcError(wire.QC_PARAM_ERROR, "date_time must be YYYY-MM-DD") from None
    aweme = request.query_params.get("aweme_id")
    rooms: list[dict] = []
    status = state.sim.status
    live_days = state.identity.live_dates(state.clock.now(), china_date)
    if (not aweme or aweme == state.identity.aweme_id) and date in live_days and status_filter in ("ALL", status):
        record = dict(state.sim.room_info())
        stats = state.sim.room_stats()
        if not state.serve_online:
            stats = {k: v for k, v in stats.items() if k != ONLINE_FIELD}
        record.update({k: v for k, v in stats.items() if k not in record})
        rooms.append(_select(record, ROOM_IDENTITY_FIELDS, fields))
    page, info = _page(request, rooms)
    return {"room_list": page, "page_info": info}


@_live("room/detail/get")
def room_detail(state: EmulatorState, request: Request) -> dict:
    _room_param(state, request)
    info = state.sim.room_info()
    return {k: info.get(k) for k in ROOM_IDENTITY_FIELDS}


@_live("room/flow_performance/get")
def room_flow(state: EmulatorState, request: Request) -> dict:
    _room_param(state, request)
    by = _choice_param(request.query_params.get("flow_source"), "flow_source", FLOW_BY, FLOW_BY[0])
    return dict(state.sim.flow(by))


@_live("room/user/get")
def room_user(state: EmulatorState, request: Request) -> dict:
    _room_param(state, request)
    event = _choice_param(request.query_params.get("action_event"), "action_event", ("ENTER", "PAY"), "ENTER")
    dimension = _choice_param(request.query_params.get("dimension"), "dimension", tuple(AUDIENCE_LABEL), "CITY")
    key, label = AUDIENCE_LABEL[dimension]
    return {key: [{label: name, "value": value} for name, value in state.sim.audience(event, dimension)]}


@_live("room/product_list/get")
def product_list(state: EmulatorState, request: Request) -> dict:
    _room_param(state, request)
    fields = _json_param(request, "fields", list)
    filtering = _json_param(request, "filtering", dict) or {}
    explain = _choice_param(filtering.get("explain_status"), "explain_status", tuple(EXPLAIN_FILTERS), "ALL")
    allowed = EXPLAIN_FILTERS[explain]
    products = [p for p in state.sim.products() if allowed is None or p.get("explain_status") in allowed]
    page, info = _page(request, [_select(dict(p), PRODUCT_IDENTITY_FIELDS, fields) for p in products])
    return {"list": page, "page_info": info}


async def _oauth_body(request: Request) -> dict:
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        raise AuthError(wire.QC_PARAM_ERROR, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise AuthError(wire.QC_PARAM_ERROR, "the body must be a JSON object")
    return body


async def oauth_access_token(state: EmulatorState, request: Request) -> dict:
    try:
        return envelope(state, wire.QC_OK, "OK", state.qianchuan.access_token(await _oauth_body(request), state.now()))
    except AuthError as err:
        return envelope(state, err.code, err.message, {})


async def oauth_refresh_token(state: EmulatorState, request: Request) -> dict:
    try:
        return envelope(state, wire.QC_OK, "OK", state.qianchuan.refresh_token(await _oauth_body(request), state.now()))
    except AuthError as err:
        return envelope(state, err.code, err.message, {})


def _live_path(key: str) -> str:
    return f"{wire.QC_LIVE_PREFIX}today_live/{key}/"


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(wire.QC_ACCESS_TOKEN_PATH, oauth_access_token, ("POST",), data=False),
    Endpoint(wire.QC_REFRESH_TOKEN_PATH, oauth_refresh_token, ("POST",), data=False),
    Endpoint(_live_path("room/get"), room_get, ("GET",), data=True),
    Endpoint(_live_path("room/detail/get"), room_detail, ("GET",), data=True),
    Endpoint(_live_path("room/flow_performance/get"), room_flow, ("GET",), data=True),
    Endpoint(_live_path("room/user/get"), room_user, ("GET",), data=True),
    Endpoint(_live_path("room/product_list/get"), product_list, ("GET",), data=True),
)
#: the QPS-limit keys of the data endpoints (settings of QpsLimiter)
QPS_KEYS: tuple[str, ...] = ("room/get", "room/detail/get", "room/flow_performance/get", "room/user/get",
                             "room/product_list/get")
