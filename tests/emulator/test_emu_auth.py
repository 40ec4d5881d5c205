"""The emulator's credential checks, in-process: Qianchuan OAuth2 (codes, rotation, token errors) and Doudian
(signature, timestamp, token create/refresh and token errors)."""

from __future__ import annotations

import time

from tests.support.emu_support import Api, in_process, make_room, run

from dyconsole.core import wire
from dyconsole.emulator.auth import AUTH_CODE_TTL_S, DD_ACCESS_TTL_S, DD_REFRESH_TTL_S, QC_ACCESS_TTL_S, QC_REFRESH_TTL_S

DAY = 86_400


def test_auth_code_gives_a_token_pair_once() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.creds)
            body = await api.qc_login()
            data = body["data"]
            assert data["expires_in"] == QC_ACCESS_TTL_S and data["refresh_token_expires_in"] == QC_REFRESH_TTL_S
            assert data["advertiser_ids"] == [int(room.creds.qianchuan.advertiser_id)]  # integers, like the platform
            again = await api.qc_oauth(wire.QC_ACCESS_TOKEN_PATH, grant_type="auth_code",
                                       auth_code=room.creds.qianchuan.auth_code)
            assert again["code"] == wire.QC_PARAM_ERROR and again["data"] == {}
            wrong = await api.qc_oauth(wire.QC_ACCESS_TOKEN_PATH, grant_type="auth_code", auth_code="nope")
            assert wrong["code"] == wire.QC_PARAM_ERROR
            fresh = room.demo.reauthorize()
            await Api(client, fresh).qc_login()
            bad_secret = await client.post(wire.QC_ACCESS_TOKEN_PATH, json={
                "app_id": fresh.qianchuan.app_id, "secret": "x", "grant_type": "auth_code",
                "auth_code": room.demo.reauthorize().qianchuan.auth_code})
            assert bad_secret.json()["code"] == wire.QC_PARAM_ERROR

    run(go())


def test_reauthorize_issues_new_codes() -> None:
    room = make_room()
    first = room.creds
    second = room.demo.reauthorize()
    assert second.qianchuan.auth_code != first.qianchuan.auth_code and second.doudian.code != first.doudian.code
    assert second.qianchuan.secret == first.qianchuan.secret and second.doudian.app_key == first.doudian.app_key


def test_auth_code_expires_after_ten_real_minutes() -> None:
    room = make_room()
    book = room.demo.state.qianchuan.book
    issued = time.time()
    book.wall = lambda: issued + AUTH_CODE_TTL_S + 1
    code = room.creds.qianchuan.auth_code

    async def go() -> None:
        async with in_process(room) as client:
            body = await Api(client, room.creds).qc_oauth(wire.QC_ACCESS_TOKEN_PATH, grant_type="auth_code",
                                                          auth_code=code)
            assert body["code"] == wire.QC_PARAM_ERROR

    run(go())


def test_access_token_missing_invalid_expired_and_wrong_advertiser() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.creds)
            await api.qc_login()
            assert (await api.qc_get("room/get"))["code"] == wire.QC_OK
            assert (await api.qc_get("room/get", token=""))["code"] == wire.QC_TOKEN_EMPTY
            assert (await api.qc_get("room/get", token="forged"))["code"] == wire.QC_TOKEN_INVALID
            other = await api.qc_get_raw("room/get", advertiser_id="999")
            assert other.json()["code"] == wire.QC_PARAM_ERROR
            room.jump(QC_ACCESS_TTL_S - 1)
            assert (await api.qc_get("room/detail/get", room_id=room.demo.state.identity.room_id))["code"] == 0
            room.jump(2)
            assert (await api.qc_get("room/get"))["code"] == wire.QC_TOKEN_EXPIRED

    run(go())


def test_refresh_rotates_and_the_old_refresh_token_stops_working() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.creds)
            await api.qc_login()
            old_access, old_refresh = api.access, api.refresh
            room.jump(QC_ACCESS_TTL_S + 10)  # the access token has expired; the refresh token has not
            body = await api.qc_oauth(wire.QC_REFRESH_TOKEN_PATH, grant_type="refresh_token",
                                      refresh_token=old_refresh)
            assert body["code"] == wire.QC_OK
            new_access, new_refresh = body["data"]["access_token"], body["data"]["refresh_token"]
            assert {new_access, new_refresh}.isdisjoint({old_access, old_refresh})
            assert (await api.qc_get("room/get", token=new_access))["code"] == wire.QC_OK
            reused = await api.qc_oauth(wire.QC_REFRESH_TOKEN_PATH, grant_type="refresh_token",
                                        refresh_token=old_refresh)
            assert reused["code"] == wire.QC_PARAM_ERROR
            room.jump(QC_REFRESH_TTL_S)
            expired = await api.qc_oauth(wire.QC_REFRESH_TOKEN_PATH, grant_type="refresh_token",
                                         refresh_token=new_refresh)
            assert expired["code"] == wire.QC_REFRESH_EXPIRED

    run(go())


def test_doudian_token_create_refresh_and_errors() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.creds)
            data = (await api.dd_login())["data"]
            assert data["shop_id"] == room.creds.doudian.shop_id and data["expires_in"] == DD_ACCESS_TTL_S
            reused = await api.dd(wire.DD_TOKEN_CREATE, {"code": room.creds.doudian.code,
                                                         "grant_type": "authorization_code"})
            assert reused["code"] == wire.DD_TOKEN_CREATE_FAILED
            assert (await api.orders(page=0, size=1))["code"] == wire.DD_OK
            missing = await api.dd(wire.DD_ORDER_SEARCH, {"page": 0, "size": 1})
            assert (missing["code"], missing["sub_code"]) == (wire.DD_BAD_REQUEST, wire.DD_SUB_TOKEN_MISSING)
            forged = await api.dd(wire.DD_ORDER_SEARCH, {"page": 0, "size": 1}, "forged")
            assert forged["sub_code"] == wire.DD_SUB_TOKEN_MISSING
            room.jump(DD_ACCESS_TTL_S + 1)
            expired = await api.orders(page=0, size=1)
            assert (expired["code"], expired["sub_code"]) == (wire.DD_BAD_REQUEST, wire.DD_SUB_TOKEN_EXPIRED)
            body = await api.dd(wire.DD_TOKEN_REFRESH, {"grant_type": "refresh_token",
                                                        "refresh_token": api.dd_refresh})
            assert body["code"] == wire.DD_OK and body["data"]["refresh_token"] != api.dd_refresh
            old_refresh, api.dd_access = api.dd_refresh, body["data"]["access_token"]
            assert (await api.orders(page=0, size=1))["code"] == wire.DD_OK
            reused = await api.dd(wire.DD_TOKEN_REFRESH, {"grant_type": "refresh_token",
                                                          "refresh_token": old_refresh})
            assert reused["code"] == wire.DD_TOKEN_CREATE_FAILED
            room.jump(DD_REFRESH_TTL_S + 1)
            late = await api.dd(wire.DD_TOKEN_REFRESH, {"grant_type": "refresh_token",
                                                        "refresh_token": body["data"]["refresh_token"]})
            assert late["code"] == wire.DD_TOKEN_CREATE_FAILED

    run(go())


def test_doudian_signature_and_timestamp_are_checked() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.creds)
            await api.dd_login()
            bad_sign = await api.dd(wire.DD_ORDER_SEARCH, {"page": 0, "size": 1}, api.dd_access, secret="wrong")
            assert (bad_sign["code"], bad_sign["sub_code"]) == (wire.DD_BAD_REQUEST, wire.DD_SUB_SIGNATURE)
            stale = int(time.time()) - wire.DD_TIMESTAMP_TOLERANCE_S - 60
            old = await api.dd(wire.DD_ORDER_SEARCH, {"page": 0, "size": 1}, api.dd_access, timestamp=stale)
            assert (old["code"], old["sub_code"]) == (wire.DD_BAD_REQUEST, wire.DD_SUB_TIMESTAMP)
            near = int(time.time()) - wire.DD_TIMESTAMP_TOLERANCE_S // 2
            assert (await api.dd(wire.DD_ORDER_SEARCH, {"page": 0}, api.dd_access, timestamp=near))["code"] == 10000
            # a body that differs from what was signed is a bad signature too
            dd = room.creds.doudian
            ts = str(int(time.time()))
            signed = wire.doudian_param_json({"page": 0, "size": 1})
            query = {"app_key": dd.app_key, "method": "order.searchList", "timestamp": ts, "v": "2",
                     "sign_method": "hmac-sha256", "access_token": api.dd_access,
                     "sign": wire.doudian_sign(dd.app_key, dd.app_secret, "order.searchList", signed, ts)}
            tampered = await client.post(wire.DD_ORDER_SEARCH, params=query, content=b'{"page":0,"size":99}')
            assert tampered.json()["sub_code"] == wire.DD_SUB_SIGNATURE
            as_form = await client.post(wire.DD_ORDER_SEARCH, params=query, data={"param_json": signed})
            assert as_form.json()["code"] == wire.DD_OK
            unknown_app = await client.post(wire.DD_ORDER_SEARCH, params={**query, "app_key": "1"}, content=signed)
            assert unknown_app.json()["code"] == wire.DD_PERMISSION
            room.jump(3 * DAY)  # broadcast time does not matter to the transport timestamp
            assert (await api.orders(page=0, size=1))["code"] == wire.DD_OK

    run(go())


def test_token_requests_without_grant_type_are_accepted_like_the_platform() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            qc = room.creds.qianchuan
            got = (await client.post(wire.QC_ACCESS_TOKEN_PATH, json={
                "app_id": qc.app_id, "secret": qc.secret, "auth_code": qc.auth_code})).json()
            assert got["code"] == 0 and got["data"]["access_token"]
            refreshed = (await client.post(wire.QC_REFRESH_TOKEN_PATH, json={
                "app_id": qc.app_id, "secret": qc.secret, "refresh_token": got["data"]["refresh_token"]})).json()
            assert refreshed["code"] == 0 and refreshed["data"]["refresh_token"] != got["data"]["refresh_token"]
            wrong = (await client.post(wire.QC_REFRESH_TOKEN_PATH, json={
                "app_id": qc.app_id, "secret": qc.secret, "grant_type": "auth_code",
                "refresh_token": refreshed["data"]["refresh_token"]})).json()
            assert wrong["code"] == wire.QC_PARAM_ERROR  # a wrong one is still refused

    run(go())
