"""Each fault kind as a client sees it through the app (in-process); waits are recorded, not slept."""

from __future__ import annotations

import json

import pytest
from tests.support.emu_support import Api, in_process, make_room, run

from dyconsole.core import wire
from dyconsole.core.metrics import REAL_ONLINE, ROOM_METRIC_NAMES

SERVED = [n for n in ROOM_METRIC_NAMES if n != REAL_ONLINE]  # no online count unless asked


async def _logged_in(room, client):  # type: ignore[no-untyped-def]
    api = Api(client, room.creds)
    await api.qc_login()
    await api.dd_login()
    room.jump(600)
    return api


def _set(room, spec: str) -> None:  # type: ignore[no-untyped-def]
    from dyconsole.emulator.faults import FaultSpec

    room.demo.state.set_faults(FaultSpec.parse(spec))


def test_http5xx_and_rate_limit_faults() -> None:
    room = make_room(seed=2)

    async def go() -> None:
        async with in_process(room) as client:
            api = await _logged_in(room, client)
            _set(room, "http5xx=1")
            statuses = {(await api.qc_get_raw("room/get")).status_code for _ in range(20)}
            assert statuses <= {500, 502, 503, 504} and len(statuses) > 1
            assert (await api.dd_raw(wire.DD_ORDER_SEARCH, {"page": 0}, api.dd_access)).status_code >= 500
            _set(room, "ratelimit=1")
            codes = {(await api.qc_get("room/get"))["code"] for _ in range(20)}
            assert codes == {wire.QC_RATE_LIMIT, wire.QC_DEV_RATE_LIMIT}
            assert (await api.orders(page=0))["code"] == wire.DD_RATE_LIMIT

    run(go())


def test_latency_and_timeout_hold_the_answer() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = await _logged_in(room, client)
            _set(room, "latency=0.25,timeout=1,timeout_s=7")
            body = await api.qc_get("room/get")
            assert body["code"] == wire.QC_OK and room.sleeps == [0.25, 7.0]

    run(go())


@pytest.mark.parametrize("kind", ["malformed", "truncated"])
def test_broken_bodies(kind: str) -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = await _logged_in(room, client)
            _set(room, f"{kind}=1")
            for response in (await api.qc_get_raw("room/get"),
                             await api.dd_raw(wire.DD_ORDER_SEARCH, {"page": 0}, api.dd_access)):
                assert response.status_code == 200
                with pytest.raises(ValueError):
                    json.loads(response.content)

    run(go())


@pytest.mark.parametrize("kind", ["missing", "nulls", "strings"])
def test_field_mutations(kind: str) -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = await _logged_in(room, client)
            _set(room, f"{kind}=1")
            body = await api.qc_get("room/get")
            assert body["code"] == wire.QC_OK
            row = body["data"]["room_list"][0]
            assert body["data"]["page_info"]["total_num"] == 1
            if kind == "missing":
                assert set(SERVED) - set(row)
            elif kind == "nulls":
                assert any(row.get(name, 0) is None for name in SERVED)
            else:
                assert any(isinstance(row.get(name), str) for name in SERVED)
                assert all(isinstance(row[n], (str, int, float)) for n in SERVED)

    run(go())


def test_expire_tokens_shortens_access_tokens_on_the_broadcast_clock() -> None:
    room = make_room(faults="expire_tokens=60")

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.creds)
            assert (await api.qc_login())["data"]["expires_in"] == 60
            assert (await api.dd_login())["data"]["expires_in"] == 60
            room.jump(59)
            assert (await api.qc_get("room/get"))["code"] == wire.QC_OK
            room.monotonic.advance(1.0)  # one real second at speed 1
            assert (await api.qc_get("room/get"))["code"] == wire.QC_TOKEN_EXPIRED
            assert (await api.orders(page=0))["sub_code"] == wire.DD_SUB_TOKEN_EXPIRED
            body = await api.qc_oauth(wire.QC_REFRESH_TOKEN_PATH, grant_type="refresh_token",
                                      refresh_token=api.refresh)
            assert body["code"] == wire.QC_OK  # the refresh token is not shortened

    run(go())
