"""Every data endpoint of the emulator, in-process: fields, filters, paging, quirks, QPS limits, silent source."""

from __future__ import annotations

import pytest
from tests.support.emu_support import Api, in_process, make_room, run

from dyconsole.core import wire
from dyconsole.core.metrics import FLOW_SOURCES, REAL_ONLINE, ROOM_METRIC_NAMES
from dyconsole.emulator.qianchuan_api import ROOM_IDENTITY_FIELDS, china_date


SERVED = set(ROOM_METRIC_NAMES) - {REAL_ONLINE}


def test_a_room_told_to_serve_online_answers_the_true_count() -> None:
    room = make_room(seed=4, serve_online=True)
    room.jump(600)

    async def go() -> None:
        async with in_process(room) as client:
            api = await _api(client, room)
            row = (await api.qc_get("room/get"))["data"]["room_list"][0]
            truth = room.demo.simulator.truth.concurrent
            assert row[REAL_ONLINE] == truth[len(truth) - 1] > 0

    run(go())


@pytest.fixture(scope="module")
def live_room():  # type: ignore[no-untyped-def]
    """One room 40 broadcast minutes in, shared by the read-only tests of this module."""
    room = make_room(seed=4)
    room.jump(2400)
    return room


async def _api(client, room) -> Api:  # type: ignore[no-untyped-def]
    api = Api(client, room.demo.reauthorize())
    await api.qc_login()
    await api.dd_login()
    return api


def test_room_get_serves_every_metric_and_respects_fields_and_filters(live_room) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with in_process(live_room) as client:
            api = await _api(client, live_room)
            body = await api.qc_get("room/get")
            assert body["code"] == wire.QC_OK and body["request_id"]
            rooms = body["data"]["room_list"]
            assert len(rooms) == 1 and body["data"]["page_info"]["total_num"] == 1
            row = rooms[0]
            assert SERVED <= set(row) and set(ROOM_IDENTITY_FIELDS) <= set(row)
            assert REAL_ONLINE not in row  # the real platform has no online count; nor, by default, the demo room
            assert row["room_status"] == "LIVING" and row["total_live_watch_cnt"] > 0
            assert row["aweme_id"] == live_room.creds.qianchuan.aweme_id
            picked = (await api.qc_get("room/get", fields=["stat_cost", "online_user_cnt"]))["data"]["room_list"][0]
            assert set(picked) == set(ROOM_IDENTITY_FIELDS) | {"stat_cost"}
            today = china_date(live_room.demo.clock.now())
            same = await api.qc_get("room/get", date_time=today, filtering={"room_status": "LIVING"})
            assert len(same["data"]["room_list"]) == 1
            finished = await api.qc_get("room/get", filtering={"room_status": "FINISH"})
            assert finished["data"]["room_list"] == []
            assert (await api.qc_get("room/get", date_time="2020-01-01"))["data"]["room_list"] == []
            assert (await api.qc_get("room/get", aweme_id="1"))["data"]["room_list"] == []
            for bad in ({"fields": "stat_cost"}, {"filtering": "{"}, {"date_time": "29/12/2025"},
                        {"filtering": {"room_status": "NOPE"}}, {"page_size": 101}, {"page": 0}):
                response = await api.qc_get_raw("room/get", **bad)
                assert response.json()["code"] == wire.QC_PARAM_ERROR, bad

    run(go())


def test_detail_flow_and_audience(live_room) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with in_process(live_room) as client:
            api = await _api(client, live_room)
            room_id = await api.room_id()
            detail = (await api.qc_get("room/detail/get", room_id=room_id))["data"]
            assert set(detail) == set(ROOM_IDENTITY_FIELDS) and detail["room_id"] == room_id
            assert (await api.qc_get("room/detail/get", room_id="1"))["code"] == wire.QC_PARAM_ERROR
            assert (await api.qc_get("room/detail/get"))["code"] == wire.QC_PARAM_ERROR
            for by in ("AllEcomFlowSource", "AllEcomGmvSource"):
                flow = (await api.qc_get("room/flow_performance/get", room_id=room_id, flow_source=by))["data"]
                assert set(flow) == set(FLOW_SOURCES)
                assert all(isinstance(v, (int, float)) and v >= 0 for v in flow.values())
            viewers = (await api.qc_get("room/flow_performance/get", room_id=room_id))["data"]
            assert sum(viewers.values()) > 0
            bad = await api.qc_get("room/flow_performance/get", room_id=room_id, flow_source="Other")
            assert bad["code"] == wire.QC_PARAM_ERROR
            for event in ("ENTER", "PAY"):
                for dimension, (key, label) in {"CITY": ("city", "city_name"), "GENDER": ("gender", "gender_type"),
                                                "AGE": ("age", "age_type")}.items():
                    data = (await api.qc_get("room/user/get", room_id=room_id, action_event=event,
                                             dimension=dimension))["data"]
                    assert list(data) == [key]
                    assert all(set(item) == {label, "value"} for item in data[key])
                    if event == "ENTER":
                        assert data[key], dimension
            assert (await api.qc_get("room/user/get", room_id=room_id, dimension="OS"))["code"] == 40002

    run(go())


def test_product_list_pages_and_filters(live_room) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with in_process(live_room) as client:
            api = await _api(client, live_room)
            room_id = await api.room_id()
            everything = (await api.qc_get("room/product_list/get", room_id=room_id, page_size=100))["data"]
            products, info = everything["list"], everything["page_info"]
            n = len(products)
            assert n == info["total_num"] == len(live_room.demo.simulator.products()) and info["total_page"] == 1
            assert {"productId", "title", "explain_status", "live_product_Inventory", "live_product_price"} <= set(
                products[0])
            default = (await api.qc_get("room/product_list/get", room_id=room_id))["data"]
            assert default["page_info"]["page_size"] == wire.QC_DEFAULT_PAGE_SIZE
            assert default["list"] == products[: wire.QC_DEFAULT_PAGE_SIZE]
            size = 7
            pages = -(-n // size)
            seen = []
            for page in range(1, pages + 2):
                data = (await api.qc_get("room/product_list/get", room_id=room_id, page=page, page_size=size))["data"]
                assert data["page_info"] == {"page": page, "page_size": size, "total_num": n, "total_page": pages}
                expected = size if page < pages else (n - (pages - 1) * size if page == pages else 0)
                assert len(data["list"]) == expected
                seen += [p["productId"] for p in data["list"]]
            assert seen == [p["productId"] for p in products]
            picked = (await api.qc_get("room/product_list/get", room_id=room_id,
                                       fields=["live_product_Inventory"]))["data"]["list"][0]
            assert set(picked) == {"productId", "title", "img_url", "explain_status", "live_product_Inventory"}
            target = products[2]["productId"]
            r = await client.post("/_emulator/explaining", json={"product_id": target})
            assert r.status_code == 200
            explained = (await api.qc_get("room/product_list/get", room_id=room_id, page_size=100,
                                          filtering={"explain_status": "HASEXPLAIN"}))["data"]["list"]
            assert target in [p["productId"] for p in explained]
            assert all(p["explain_status"] in ("HASEXPLAIN", "BEINGEXPLAIN") for p in explained)
            unexplained = (await api.qc_get("room/product_list/get", room_id=room_id, page_size=100,
                                            filtering={"explain_status": "UNEXPLAIN"}))["data"]
            assert all(p["explain_status"] == "UNEXPLAIN" for p in unexplained["list"])
            assert len(explained) + unexplained["page_info"]["total_num"] == n

    run(go())


def test_order_search_pages_filters_and_amounts_in_fen(live_room) -> None:  # type: ignore[no-untyped-def]
    async def go() -> None:
        async with in_process(live_room) as client:
            api = await _api(client, live_room)
            sim_orders = {str(o.order_id): o for o in live_room.demo.simulator.orders()}
            assert sim_orders, "40 minutes of broadcast should have orders"
            first = await api.orders(page=0, size=100)
            assert first["code"] == wire.DD_OK and first["data"]["total"] == len(sim_orders)
            collected = []
            size, page = 10, 0
            while True:
                data = (await api.orders(page=page, size=size))["data"]
                assert len(data["shop_order_list"]) <= size
                if not data["shop_order_list"]:
                    break
                collected += data["shop_order_list"]
                page += 1
            assert page == -(-len(sim_orders) // size)
            assert sorted(o["order_id"] for o in collected) == sorted(sim_orders)
            created = [o["create_time"] for o in collected]
            assert created == sorted(created, reverse=True)  # newest first, as Doudian answers
            for shop_order in collected[:20]:
                sku = shop_order["sku_order_list"][0]
                truth = sim_orders[shop_order["order_id"]]
                assert sku["pay_amount"] == int(truth.pay_amount) and isinstance(sku["pay_amount"], int)
                assert sku["theme_type"] == wire.DD_LIVE_THEME_TYPE or sku["theme_type"] == str(truth.theme_type)
                assert set(sku) >= {"order_id", "room_id", "author_id", "product_id", "item_num", "pay_amount",
                                    "order_amount", "pay_time", "order_status", "after_sale_info"}
            mid = sorted(created)[len(created) // 2]
            window = await api.orders(page=0, size=100, create_time_start=mid, create_time_end=mid + 300)
            inside = [o for o in sim_orders.values() if mid <= int(o.create_time) <= mid + 300]
            assert window["data"]["total"] == len(inside) > 0
            updated = await api.orders(page=0, size=100, update_time_start=mid, order_by="update_time",
                                       order_asc=True)
            times = [o["update_time"] for o in updated["data"]["shop_order_list"]]
            assert times == sorted(times) and all(t >= mid for t in times)
            too_big = await api.orders(page=0, size=101)
            assert too_big["code"] == wire.DD_BAD_REQUEST
            beyond = await api.orders(page=10_000, size=100)
            assert beyond["data"]["shop_order_list"] == [] and beyond["data"]["total"] == len(sim_orders)

    run(go())


def test_qps_limits_are_per_endpoint_on_the_broadcast_clock() -> None:
    room = make_room(qps={"room/get": 2, "order.searchList": 1})
    room_id = room.demo.state.identity.room_id

    async def go() -> None:
        async with in_process(room) as client:
            api = await _api(client, room)
            codes = [(await api.qc_get("room/get"))["code"] for _ in range(3)]
            assert codes == [wire.QC_OK, wire.QC_OK, wire.QC_RATE_LIMIT]
            assert (await api.qc_get("room/detail/get", room_id=room_id))["code"] == wire.QC_OK  # its own window
            assert [(await api.orders(page=0))["code"] for _ in range(2)] == [wire.DD_OK, wire.DD_RATE_LIMIT]
            room.demo.clock.pause()
            room.monotonic.advance(10)  # real time passes, broadcast time does not: still limited
            assert (await api.qc_get("room/get"))["code"] == wire.QC_RATE_LIMIT
            room.demo.clock.resume()
            room.monotonic.advance(1.0)
            assert (await api.qc_get("room/get"))["code"] == wire.QC_OK
            assert (await api.orders(page=0))["code"] == wire.DD_OK

    run(go())


def test_silent_source_answers_503_on_data_endpoints_only() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = await _api(client, room)
            room.jump(300)
            r = await client.post("/_emulator/event", json={"kind": "silent_source", "duration_s": 600})
            assert r.status_code == 200, r.text
            assert room.demo.simulator.source_silent
            assert (await api.qc_get_raw("room/get")).status_code == 503
            assert (await api.dd_raw(wire.DD_ORDER_SEARCH, {"page": 0}, api.dd_access)).status_code == 503
            assert (await client.get("/_emulator/state")).json()["source_silent"] is True
            fresh = room.demo.reauthorize()
            assert (await Api(client, fresh).qc_login())["code"] == wire.QC_OK  # OAuth is not a data endpoint
            room.jump(601)
            assert (await api.qc_get("room/get"))["code"] == wire.QC_OK

    run(go())


def test_a_room_live_across_midnight_is_listed_on_both_days() -> None:
    from dyconsole.emulator.state import RoomIdentity

    start = 1_767_023_000.0  # 2025-12-29 23:43 in Shanghai
    identity = RoomIdentity("a", "b", "r", "s", start_ts=start, duration_s=3 * 3600)
    assert identity.live_dates(start + 60, china_date) == {"2025-12-29"}
    assert identity.live_dates(start + 3600, china_date) == {"2025-12-29", "2025-12-30"}
    assert identity.live_dates(start + 5 * 86400, china_date) == {"2025-12-29", "2025-12-30"}  # finished
    assert RoomIdentity("a", "b", "r", "s", start_ts=start).live_dates(start + 2 * 86400, china_date) == {
        "2025-12-29", "2025-12-30", "2025-12-31"}
