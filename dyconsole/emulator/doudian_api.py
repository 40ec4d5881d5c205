"""The emulated Doudian open API: signed POST calls to `/order/searchList`, `/token/create`, `/token/refresh`.

Query: app_key, method, timestamp (real unix seconds), v=2, sign, sign_method=hmac-sha256, access_token; body:
`param_json` (the raw JSON body, or a `param_json` form field). Signature and formats come from core.wire, the
same functions the client uses. Envelope `{log_id, code, msg, sub_code, sub_msg, data}`; success is 10000.
Orders: one shop order per simulated order, `sku_order_list[]` with amounts in fen, paged from 0.
"""

from __future__ import annotations

import hmac
import json
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request

from dyconsole.core import wire
from dyconsole.emulator.pipeline import Endpoint
from dyconsole.emulator.state import EmulatorState
from dyconsole.emulator.auth import AuthError

SUB_PARAM = "isv.parameter-invalid"
DD_DEFAULT_PAGE_SIZE = 20
TIME_FILTERS = (("create_time_start", "create_time_end", "create_time"),
                ("update_time_start", "update_time_end", "update_time"))


class DdError(Exception):
    def __init__(self, code: int, msg: str, sub_code: str = "", sub_msg: str = "") -> None:
        super().__init__(msg)
        self.code, self.msg, self.sub_code, self.sub_msg = code, msg, sub_code, sub_msg or msg


def envelope(state: EmulatorState, code: int, msg: str, data: Any, sub_code: str = "", sub_msg: str = "") -> dict:
    return {"log_id": state.next_id(), "code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg,
            "data": data}


class DoudianDialect:
    def rate_limited(self, state: EmulatorState) -> dict:
        return envelope(state, wire.DD_RATE_LIMIT, "rate limited", {}, "isv.api-rate-limited", "请求过于频繁")


DIALECT = DoudianDialect()


async def _param_json(request: Request) -> str:
    raw = (await request.body()).decode("utf-8", errors="replace")
    if request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        return (parse_qs(raw).get("param_json") or ["{}"])[0]
    return raw or "{}"


async def _verify(state: EmulatorState, request: Request, path: str, need_token: bool) -> dict:
    """Check app_key, method, v, sign_method, signature, timestamp, then the access token; return params."""
    q = request.query_params
    auth = state.doudian
    if q.get("app_key") != auth.app_key:
        raise DdError(wire.DD_PERMISSION, "app_key is not authorized", "isv.app-key-invalid")
    method = wire.doudian_method(path)
    if q.get("method") != method or q.get("v") != "2" or q.get("sign_method", "hmac-sha256") != "hmac-sha256":
        raise DdError(wire.DD_BAD_REQUEST, "method, v or sign_method is wrong", SUB_PARAM)
    param_json = await _param_json(request)
    timestamp = q.get("timestamp", "")
    expected = wire.doudian_sign(auth.app_key, auth.app_secret, method, param_json, timestamp)
    if not hmac.compare_digest(expected, q.get("sign", "")):
        raise DdError(wire.DD_BAD_REQUEST, "signature is invalid", wire.DD_SUB_SIGNATURE)
    try:
        skew = abs(state.wall() - int(timestamp))
    except ValueError:
        skew = float("inf")
    if skew > wire.DD_TIMESTAMP_TOLERANCE_S:
        raise DdError(wire.DD_BAD_REQUEST, "timestamp is invalid", wire.DD_SUB_TIMESTAMP)
    now = state.now()
    if need_token:
        sub = auth.check(q.get("access_token"), now)
        if sub is not None:
            raise DdError(wire.DD_BAD_REQUEST, "access_token is invalid", sub)
        if not state.limiter.allow(method, now):
            raise DdError(wire.DD_RATE_LIMIT, "rate limited", "isv.api-rate-limited")
    try:
        params = json.loads(param_json)
    except ValueError:
        raise DdError(wire.DD_BAD_REQUEST, "param_json is not JSON", SUB_PARAM) from None
    if not isinstance(params, dict):
        raise DdError(wire.DD_BAD_REQUEST, "param_json must be an object", SUB_PARAM)
    return params


def _int(params: dict, name: str, default: int | None, low: int = 0, high: int | None = None) -> int | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise DdError(wire.DD_BAD_REQUEST, f"{name} must be an integer", SUB_PARAM) from None
    if value < low or (high is not None and value > high):
        raise DdError(wire.DD_BAD_REQUEST, f"{name} out of range", SUB_PARAM)
    return value


def _shop_order(order: Any, shop_id: str) -> dict:
    """One simulated order as a Doudian shop order with one sku order (amounts in fen, times unix seconds).

    As on Doudian for a single-item order, the sku order id is the shop order id."""
    pay_time = int(order.pay_time or 0)
    sku = {
        "order_id": str(order.order_id),
        "parent_order_id": str(order.order_id),
        "room_id": str(order.room_id),
        "author_id": str(order.author_id),
        "theme_type": str(order.theme_type),
        "product_id": str(order.product_id),
        "item_num": int(order.item_num),
        "pay_amount": int(order.pay_amount),
        "order_amount": int(order.order_amount),
        "create_time": int(order.create_time),
        "pay_time": pay_time,
        "update_time": int(order.update_time),
        "order_status": int(order.order_status),
        "after_sale_info": {"after_sale_status": int(order.after_sale_status or 0)},
        # the official SDK's delivery fields (unix seconds, 0 = not yet) and the masked address (docs/DELIVERY.md)
        "exp_ship_time": int(order.exp_ship_time), "ship_time": int(order.ship_time),
        "logistics_receipt_time": int(order.logistics_receipt_time),
    }
    if order.mask_post_addr is not None:
        sku["mask_post_addr"] = order.mask_post_addr
    return {
        "order_id": str(order.order_id),
        "shop_id": shop_id,
        "doudian_open_id": str(order.buyer_id),
        "order_status": int(order.order_status),
        "create_time": int(order.create_time),
        "pay_time": pay_time,
        "update_time": int(order.update_time),
        "order_amount": int(order.order_amount),
        "pay_amount": int(order.pay_amount),
        "mask_post_receiver": "林**", "mask_post_tel": "138****0917",  # masked as the platform sends them: never stored
        "sku_order_list": [sku],
    }


async def order_search(state: EmulatorState, request: Request) -> dict:
    try:
        params = await _verify(state, request, wire.DD_ORDER_SEARCH, need_token=True)
        page = _int(params, "page", 0) or 0
        size = _int(params, "size", DD_DEFAULT_PAGE_SIZE, 1, wire.DD_MAX_PAGE_SIZE) or DD_DEFAULT_PAGE_SIZE
        spans = {attr: (_int(params, start_key, None), _int(params, end_key, None))
                 for start_key, end_key, attr in TIME_FILTERS}
        # the room chooses the orders by time before building them (the filter below then keeps them all)
        orders = list(state.sim.orders(created=spans["create_time"], updated=spans["update_time"]))
        for attr, (start, end) in spans.items():
            if start is not None:
                orders = [o for o in orders if int(getattr(o, attr)) >= start]
            if end is not None:
                orders = [o for o in orders if int(getattr(o, attr)) <= end]
        order_by = params.get("order_by") or "create_time"
        if order_by not in ("create_time", "update_time"):
            raise DdError(wire.DD_BAD_REQUEST, "order_by must be create_time or update_time", SUB_PARAM)
        ascending = str(params.get("order_asc", "false")).lower() in ("true", "1")
        orders.sort(key=lambda o: (int(getattr(o, order_by)), str(o.order_id)), reverse=not ascending)
        chosen = orders[page * size: (page + 1) * size]
        data = {"shop_order_list": [_shop_order(o, state.identity.shop_id) for o in chosen],
                "total": len(orders), "page": page, "size": size}
        return envelope(state, wire.DD_OK, "success", data)
    except DdError as err:
        return envelope(state, err.code, err.msg, {}, err.sub_code, err.sub_msg)


async def _token(state: EmulatorState, request: Request, path: str) -> dict:
    try:
        params = await _verify(state, request, path, need_token=False)
        now = state.now()
        grant = state.doudian.create if path == wire.DD_TOKEN_CREATE else state.doudian.refresh
        return envelope(state, wire.DD_OK, "success", grant(params, now))
    except AuthError as err:
        return envelope(state, err.code, err.message, {}, err.sub_code, err.message)
    except DdError as err:
        return envelope(state, err.code, err.msg, {}, err.sub_code, err.sub_msg)


async def token_create(state: EmulatorState, request: Request) -> dict:
    return await _token(state, request, wire.DD_TOKEN_CREATE)


async def token_refresh(state: EmulatorState, request: Request) -> dict:
    return await _token(state, request, wire.DD_TOKEN_REFRESH)


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(wire.DD_ORDER_SEARCH, order_search, ("POST",), data=True),
    Endpoint(wire.DD_TOKEN_CREATE, token_create, ("POST",), data=False),
    Endpoint(wire.DD_TOKEN_REFRESH, token_refresh, ("POST",), data=False),
)
