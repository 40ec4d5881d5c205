"""Helpers for the emulator's tests: a demo room on a frozen clock, an httpx client on it (in-process or over a
socket), and thin callers for the Qianchuan and Doudian wire formats built from core.wire like the real client.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, TypeVar

import httpx

from dyconsole.core import wire
from dyconsole.core.clock import ScaledClock
from dyconsole.emulator.demo import DemoCredentials, DemoRoom, build_demo

START = 1_767_000_000.0  # 2025-12-29 17:20 in Shanghai
T = TypeVar("T")


class FrozenMonotonic:
    """Real time for a ScaledClock that moves only when a test says so."""

    def __init__(self) -> None:
        self.value = 1000.0

    def __call__(self) -> float:
        return self.value

    def advance(self, seconds: float) -> None:
        self.value += seconds


@dataclass
class Room:
    demo: DemoRoom
    monotonic: FrozenMonotonic
    sleeps: list[float] = field(default_factory=list)

    @property
    def creds(self) -> DemoCredentials:
        return self.demo.credentials

    def jump(self, broadcast_seconds: float) -> None:
        self.demo.clock.jump(broadcast_seconds)


def make_room(faults: str = "", seed: int = 1, qps: dict[str, float] | None = None, speed: float = 1.0,
              serve_online: bool = False) -> Room:
    """A demo room whose clock stands still unless the test jumps it; QPS limits out of the way unless given."""
    mono = FrozenMonotonic()
    clock = ScaledClock(speed=speed, start=START, monotonic=mono)
    demo = build_demo(clock, seed=seed, faults=faults, qps=qps, serve_online=serve_online)
    if qps is None:
        demo.state.limiter.default_qps = 1e9
    room = Room(demo, mono)

    async def record_sleep(seconds: float) -> None:
        room.sleeps.append(seconds)

    demo.state.sleep = record_sleep
    return room


def run(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


def in_process(room: Room) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=room.demo.app), base_url=room.demo.base_url)


class Api:
    """Wire-level calls as the real client makes them."""

    def __init__(self, client: httpx.AsyncClient, creds: DemoCredentials) -> None:
        self.client = client
        self.creds = creds
        self.access = ""
        self.refresh = ""
        self.dd_access = ""
        self.dd_refresh = ""

    # --- Qianchuan ---
    async def qc_oauth(self, path: str, **body: Any) -> dict:
        qc = self.creds.qianchuan
        payload = {"app_id": qc.app_id, "secret": qc.secret, **body}
        response = await self.client.post(path, json=payload)
        assert response.status_code == 200, response.text
        return response.json()

    async def qc_login(self, auth_code: str | None = None) -> dict:
        body = await self.qc_oauth(wire.QC_ACCESS_TOKEN_PATH, grant_type="auth_code",
                                   auth_code=auth_code or self.creds.qianchuan.auth_code)
        assert body["code"] == wire.QC_OK, body
        self.access, self.refresh = body["data"]["access_token"], body["data"]["refresh_token"]
        return body

    async def qc_get_raw(self, key: str, token: str | None = None, **params: Any) -> httpx.Response:
        query = {"advertiser_id": self.creds.qianchuan.advertiser_id}
        query.update({k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in params.items()})
        headers = {} if token == "" else {"Access-Token": token or self.access}
        return await self.client.get(f"{wire.QC_LIVE_PREFIX}today_live/{key}/", params=query, headers=headers)

    async def qc_get(self, key: str, token: str | None = None, **params: Any) -> dict:
        response = await self.qc_get_raw(key, token, **params)
        assert response.status_code == 200, response.text
        return response.json()

    async def room_id(self) -> str:
        body = await self.qc_get("room/get")
        return body["data"]["room_list"][0]["room_id"]

    # --- Doudian ---
    async def dd_raw(self, path: str, params: dict, access_token: str | None = None, timestamp: int | None = None,
                     secret: str | None = None) -> httpx.Response:
        dd = self.creds.doudian
        method = wire.doudian_method(path)
        param_json = wire.doudian_param_json(params)
        ts = str(int(time.time()) if timestamp is None else timestamp)
        query = {"app_key": dd.app_key, "method": method, "timestamp": ts, "v": "2",
                 "sign": wire.doudian_sign(dd.app_key, secret or dd.app_secret, method, param_json, ts),
                 "sign_method": "hmac-sha256"}
        if access_token is not None:
            query["access_token"] = access_token
        return await self.client.post(path, params=query, content=param_json.encode(),
                                      headers={"Content-Type": "application/json"})

    async def dd(self, path: str, params: dict, access_token: str | None = None, **kw: Any) -> dict:
        response = await self.dd_raw(path, params, access_token, **kw)
        assert response.status_code == 200, response.text
        return response.json()

    async def dd_login(self, code: str | None = None) -> dict:
        body = await self.dd(wire.DD_TOKEN_CREATE, {"code": code or self.creds.doudian.code,
                                                    "grant_type": "authorization_code"})
        assert body["code"] == wire.DD_OK, body
        self.dd_access, self.dd_refresh = body["data"]["access_token"], body["data"]["refresh_token"]
        return body

    async def orders(self, **params: Any) -> dict:
        return await self.dd(wire.DD_ORDER_SEARCH, params, self.dd_access)


async def contract(client: httpx.AsyncClient, creds: DemoCredentials) -> dict[str, Any]:
    """One pass over every real endpoint with fresh credentials; returns what it saw for the caller to check."""
    api = Api(client, creds)
    login = await api.qc_login()
    seen: dict[str, Any] = {"login": login["data"]}
    room = await api.qc_get("room/get")
    seen["room"] = room["data"]["room_list"][0]
    room_id = seen["room"]["room_id"]
    seen["detail"] = (await api.qc_get("room/detail/get", room_id=room_id))["data"]
    seen["flow"] = (await api.qc_get("room/flow_performance/get", room_id=room_id,
                                     flow_source="AllEcomFlowSource"))["data"]
    seen["user"] = (await api.qc_get("room/user/get", room_id=room_id, action_event="ENTER",
                                     dimension="GENDER"))["data"]
    seen["products"] = (await api.qc_get("room/product_list/get", room_id=room_id))["data"]
    refreshed = await api.qc_oauth(wire.QC_REFRESH_TOKEN_PATH, grant_type="refresh_token",
                                   refresh_token=api.refresh)
    seen["refresh"] = refreshed
    seen["dd_login"] = (await api.dd_login())["data"]
    seen["orders"] = await api.orders(page=0, size=10)
    return seen
