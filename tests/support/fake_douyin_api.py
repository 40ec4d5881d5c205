"""A small fake of the Qianchuan and Doudian APIs (shared/API.md) for httpx.MockTransport, used by the sources
tests before (and besides) the real emulator. It checks what a real server checks (access tokens, rotation of
refresh tokens, Doudian signatures computed here independently of core.wire), logs every request with its
broadcast time, and can be told to answer the next requests of an endpoint with faults.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx

APP_ID, SECRET, ADVERTISER = "app-1", "qc-secret-VALUE-123", "adv-9"
DD_KEY, DD_SECRET, SHOP = "dd-key-7", "dd-secret-VALUE-456", "shop-3"
AUTH_CODE, DD_CODE = "auth-code-XYZ", "dd-code-XYZ"
QC_PREFIX = "/open_api/v1.0/qianchuan/"

Fault = Callable[[httpx.Request], httpx.Response] | dict | int | BaseException


def independent_sign(app_key: str, secret: str, method: str, param_json: str, timestamp: str) -> str:
    """The Doudian signature exactly as API.md words it (not via core.wire)."""
    message = secret + "app_key" + app_key + "method" + method + "param_json" + param_json + "timestamp" \
        + timestamp + "v" + "2" + secret
    return hmac.new(secret.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest().lower()


def room(room_id: str, status: str, start: int, **values: Any) -> dict:
    base = {"room_id": room_id, "room_title": f"room {room_id}", "room_status": status, "start_time": start,
            "aweme_id": "aw-1", "aweme_name": "host", "total_live_watch_cnt": 100, "stat_cost": 12.5}
    base.update(values)
    return base


@dataclass
class FakeApi:
    clock: Any
    access_ttl: float = 86400.0
    rooms: list[dict] = field(default_factory=lambda: [room("r1", "LIVING", 1_700_000_000)])
    products: list[dict] = field(default_factory=list)
    orders: list[dict] = field(default_factory=list)  # shop orders
    flow: dict = field(default_factory=lambda: {"nature": 10, "live_pc_qian_chuan": 5})
    audience: dict = field(default_factory=lambda: {"city": [{"city_name": "上海", "value": 0.4}],
                                                    "gender": [{"gender_type": "女", "value": 0.7}],
                                                    "age": [{"age_type": "18-23", "value": 0.2}]})
    log: list[tuple[str, float, dict]] = field(default_factory=list)
    faults: dict[str, list[Fault]] = field(default_factory=dict)
    wall: Callable[[], float] | None = None

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self.access: dict[str, float] = {}  # token -> expiry (broadcast)
        self.refresh_ok: set[str] = set()
        self.used_codes: set[str] = set()
        self.refreshes = 0
        self.refresh_seen_store: list[Any] = []

    # --- helpers for tests --------------------------------------------------------------------------------
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def times(self, endpoint: str) -> list[float]:
        return [t for e, t, _ in self.log if e == endpoint]

    def count(self, endpoint: str) -> int:
        return len(self.times(endpoint))

    def inject(self, endpoint: str, *faults: Fault) -> None:
        self.faults.setdefault(endpoint, []).extend(faults)

    def expire_all_access_tokens(self) -> None:
        for token in self.access:
            self.access[token] = self.clock.now() - 1

    def _pair(self) -> dict:
        n = next(self._ids)
        access, refresh = f"ACCESS-{n}-tok", f"REFRESH-{n}-tok"
        self.access[access] = self.clock.now() + self.access_ttl
        self.refresh_ok.add(refresh)
        return {"access_token": access, "refresh_token": refresh, "expires_in": self.access_ttl,
                "refresh_token_expires_in": 30 * 86400}

    # --- the server ---------------------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        endpoint = path[len(QC_PREFIX):] if path.startswith(QC_PREFIX) else path
        query = dict(request.url.params)
        self.log.append((endpoint, self.clock.now(), query))
        pending = self.faults.get(endpoint)
        if pending:
            fault = pending.pop(0)
            if isinstance(fault, BaseException):
                raise fault
            if isinstance(fault, int):
                return httpx.Response(fault, text="error page")
            if isinstance(fault, dict):
                return httpx.Response(200, json=fault)
            return fault(request)
        if path.startswith("/open_api/oauth2/"):
            return self._qc_oauth(path, json.loads(request.content))
        if path.startswith(QC_PREFIX):
            return self._qc_live(endpoint, request, query)
        return self._doudian(path, request, query)

    @staticmethod
    def qc(data: Any, code: int = 0, message: str = "OK") -> httpx.Response:
        return httpx.Response(200, json={"code": code, "message": message, "request_id": "rq", "data": data})

    @staticmethod
    def dd(data: Any, code: int = 10000, msg: str = "success", sub_code: str = "") -> httpx.Response:
        return httpx.Response(200, json={"log_id": "l", "code": code, "msg": msg, "sub_code": sub_code,
                                         "sub_msg": "", "data": data})

    def _qc_oauth(self, path: str, body: dict) -> httpx.Response:
        if body.get("app_id") != APP_ID or body.get("secret") != SECRET:
            return self.qc({}, 40002, "bad app")
        if path.endswith("access_token/"):
            if body.get("auth_code") != AUTH_CODE or AUTH_CODE in self.used_codes:
                return self.qc({}, 40002, "auth_code invalid")
            self.used_codes.add(AUTH_CODE)
            return self.qc(self._pair())
        token = body.get("refresh_token")
        if token not in self.refresh_ok:
            return self.qc({}, 40103, "refresh token expired")
        self.refresh_ok.discard(token)  # rotation: the old refresh token stops working
        self.refreshes += 1
        return self.qc(self._pair())

    def _token_error(self, token: str | None) -> int | None:
        if not token:
            return 40104
        expiry = self.access.get(token)
        if expiry is None:
            return 40105
        if self.clock.now() >= expiry:
            return 40102
        return None

    def _page(self, items: list, query: dict, key: str) -> httpx.Response:
        page, size = int(query.get("page", 1)), int(query.get("page_size", 20))
        assert 1 <= size <= 100 and page >= 1
        chosen = items[(page - 1) * size: page * size]
        total_page = max(1, -(-len(items) // size))
        return self.qc({key: chosen, "page_info": {"page": page, "page_size": size, "total_num": len(items),
                                                   "total_page": total_page}})

    def _qc_live(self, endpoint: str, request: httpx.Request, query: dict) -> httpx.Response:
        code = self._token_error(request.headers.get("Access-Token"))
        if code is not None:
            return self.qc({}, code, "token problem")
        if endpoint == "today_live/room/get/":
            return self._page(self.rooms, query, "room_list")
        if endpoint == "today_live/room/detail/get/":
            match = [r for r in self.rooms if r["room_id"] == query.get("room_id")]
            return self.qc(match[0] if match else {}, 0 if match else 40002)
        if endpoint == "today_live/room/product_list/get/":
            return self._page(self.products, query, "list")
        if endpoint == "today_live/room/flow_performance/get/":
            return self.qc(dict(self.flow))
        if endpoint == "today_live/room/user/get/":
            key = query["dimension"].lower()
            return self.qc({key: self.audience[key]})
        return httpx.Response(404)

    def _doudian(self, path: str, request: httpx.Request, query: dict) -> httpx.Response:
        param_json = request.content.decode()
        method = path.strip("/").replace("/", ".")
        if query.get("method") != method or query.get("v") != "2" or query.get("app_key") != DD_KEY:
            return self.dd({}, 40003, "bad request", "isv.parameter-invalid")
        expected = independent_sign(DD_KEY, DD_SECRET, method, param_json, query.get("timestamp", ""))
        if query.get("sign") != expected:
            return self.dd({}, 40003, "bad sign", "isv.signature-invalid")
        params = json.loads(param_json)
        if path == "/token/create":
            if params.get("code") != DD_CODE:
                return self.dd({}, 50001, "code expired")
            return self.dd({**self._pair(), "shop_id": SHOP, "shop_name": "s", "scope": "SCOPE"})
        if path == "/token/refresh":
            token = params.get("refresh_token")
            if token not in self.refresh_ok:
                return self.dd({}, 50001, "refresh token expired")
            self.refresh_ok.discard(token)
            self.refreshes += 1
            return self.dd(self._pair())
        code = self._token_error(query.get("access_token"))
        if code is not None:
            sub = "isv.access-token-no-existed" if code in (40104, 40105) else "isv.access-token-expired"
            return self.dd({}, 40003, "token", sub)
        if path == "/order/searchList":
            page, size = int(params["page"]), int(params["size"])
            assert size <= 100
            chosen = self.orders[page * size: (page + 1) * size]
            return self.dd({"shop_order_list": chosen, "total": len(self.orders), "page": page, "size": size})
        return httpx.Response(404)


class JumpClock:
    """A broadcast clock that jumps ahead by exactly the time anyone waits: sleeps cost no real time and are exact.
    For single-flow client tests (concurrent sleepers would each push it)."""

    speed = 1.0

    def __init__(self, start: float = 1_700_000_100.0) -> None:
        self.value = start
        self.waits: list[float] = []

    def now(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds

    def real_seconds(self, broadcast_seconds: float) -> float:
        if broadcast_seconds > 0:
            self.waits.append(broadcast_seconds)
            self.value += broadcast_seconds
        return 0.0
