"""The API clients against a fake server (httpx.MockTransport): OAuth2, envelopes, retries, paging, rate limits."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx
import pytest

from dyconsole.core import wire
from dyconsole.core.clock import ScaledClock
from dyconsole.core.model import OrderState
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.sources.doudian import DoudianClient
from dyconsole.sources.errors import AuthFailed, BadPayload, BadRequest, PermissionDenied, RateLimited, \
    SourceError, Unavailable
from dyconsole.sources.qianchuan import QianchuanClient
from dyconsole.sources.ratelimit import RateLimiter
from dyconsole.sources.retry import Backoff
from dyconsole.sources.transport import ApiTransport, ClientSettings
from tests.support.fake_douyin_api import ADVERTISER, APP_ID, AUTH_CODE, DD_CODE, DD_KEY, DD_SECRET, SECRET, FakeApi, \
    JumpClock, independent_sign, room

NO_RETRY = ClientSettings(backoff=Backoff(retries=0), qps=1000)


def qc_client(api: FakeApi, store: MemoryTokenStore | None = None, settings: ClientSettings = NO_RETRY
              ) -> QianchuanClient:
    return QianchuanClient(app_id=APP_ID, secret=SECRET, advertiser_id=ADVERTISER, clock=api.clock,
                           store=store or MemoryTokenStore(), base_url="http://fake/open_api/",
                           settings=settings, transport=api.transport())


def dd_client(api: FakeApi, store: MemoryTokenStore | None = None, settings: ClientSettings = NO_RETRY
              ) -> DoudianClient:
    return DoudianClient(app_key=DD_KEY, app_secret=DD_SECRET, clock=api.clock, store=store or MemoryTokenStore(),
                         base_url="http://fake", settings=settings, transport=api.transport())


def run_qc(api: FakeApi, body, store=None, settings: ClientSettings = NO_RETRY):  # type: ignore[no-untyped-def]
    async def main():  # type: ignore[no-untyped-def]
        client = qc_client(api, store, settings)
        try:
            await client.authorize(AUTH_CODE)
            return await body(client)
        finally:
            await client.aclose()
    return asyncio.run(main())


@pytest.mark.parametrize("code,kind,retryable", [
    (40100, RateLimited, True), (40110, RateLimited, True), (50000, Unavailable, True),
    (40002, BadRequest, False), (40103, AuthFailed, False), (12345, BadRequest, False),
])
def test_qianchuan_codes_become_domain_errors(code: int, kind: type, retryable: bool) -> None:
    api = FakeApi(JumpClock())
    api.inject("today_live/room/detail/get/", {"code": code, "message": "m", "data": {}})
    with pytest.raises(kind) as info:
        run_qc(api, lambda c: c.room_detail("r1"))
    assert info.value.retryable is retryable and info.value.code == code
    assert info.value.endpoint == "today_live/room/detail/get/"


@pytest.mark.parametrize("fault,kind", [
    (httpx.ConnectError("refused"), Unavailable), (httpx.ReadTimeout("slow"), Unavailable),
    (httpx.RemoteProtocolError("eof"), Unavailable), (RuntimeError("app crashed"), Unavailable),
    (503, Unavailable), (502, Unavailable), (429, RateLimited), (404, BadRequest), (403, PermissionDenied),
    ({"no": "envelope"}, BadPayload), (lambda r: httpx.Response(200, text="<html>oops"), BadPayload),
    (lambda r: httpx.Response(200, text='{"code": 0, "data": {"room_'), BadPayload),
    (lambda r: httpx.Response(200, json=[1, 2]), BadPayload),
])
def test_transport_failures_never_escape_the_client(fault: object, kind: type) -> None:
    api = FakeApi(JumpClock())
    api.inject("today_live/room/detail/get/", fault)  # type: ignore[arg-type]
    with pytest.raises(SourceError) as info:
        run_qc(api, lambda c: c.room_detail("r1"))
    assert type(info.value) is kind


def test_every_request_has_a_timeout() -> None:
    api = FakeApi(JumpClock())

    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200)

    api.inject("today_live/room/detail/get/", hang)
    settings = ClientSettings(backoff=Backoff(retries=0), timeout_s=0.05)
    with pytest.raises(Unavailable, match="no answer within"):
        run_qc(api, lambda c: c.room_detail("r1"), settings=settings)


@pytest.mark.parametrize("code,sub,kind", [
    (20000, "", Unavailable), (20001, "", Unavailable), (60000, "", RateLimited), (30001, "", PermissionDenied),
    (30002, "", PermissionDenied), (40003, "isv.signature-invalid", BadRequest),
    (40003, "isv.timestamp-invalid", BadRequest), (50001, "", AuthFailed), (70000, "", BadRequest),
])
def test_doudian_codes_become_domain_errors(code: int, sub: str, kind: type) -> None:
    api = FakeApi(JumpClock())
    api.inject("/order/searchList", {"code": code, "msg": "m", "sub_code": sub, "data": {}})

    async def main() -> None:
        client = dd_client(api)
        try:
            await client.authorize(DD_CODE)
            await client.search_orders(0, 10)
        finally:
            await client.aclose()

    with pytest.raises(kind) as info:
        asyncio.run(main())
    assert info.value.code == code and info.value.retryable is (kind in (Unavailable, RateLimited))


def test_backoff_waits_1_2_4_broadcast_seconds_with_jitter_then_gives_up() -> None:
    clock = JumpClock()
    api = FakeApi(clock)
    api.inject("today_live/room/detail/get/", *[{"code": 40100, "message": "slow down", "data": {}}] * 4)
    settings = ClientSettings(backoff=Backoff(jitter=0.1), qps=1000)
    with pytest.raises(RateLimited):
        run_qc(api, lambda c: c.room_detail("r1"), settings=settings)
    assert api.count("today_live/room/detail/get/") == 4  # one try + three retries
    waits = clock.waits[-3:]
    for wait, nominal in zip(waits, (1.0, 2.0, 4.0)):
        assert nominal * 0.9 <= wait <= nominal * 1.1
    assert waits != [1.0, 2.0, 4.0]  # jittered


def test_a_retryable_answer_then_success_returns_the_data() -> None:
    api = FakeApi(JumpClock())
    api.inject("today_live/room/detail/get/", 503, httpx.ConnectError("x"), {"code": 50000, "data": {}})
    data = run_qc(api, lambda c: c.room_detail("r1"), settings=ClientSettings(qps=1000))
    assert data["room_id"] == "r1" and api.count("today_live/room/detail/get/") == 4


def test_paging_is_followed_to_the_end_with_page_size_100() -> None:
    api = FakeApi(JumpClock())
    api.products = [{"productId": f"p{i}", "title": f"t{i}", "live_product_price": i} for i in range(250)]
    records = run_qc(api, lambda c: c.product_list("r1"))
    assert [r["productId"] for r in records] == [f"p{i}" for i in range(250)]
    pages = [(q["page"], q["page_size"]) for e, _, q in api.log if e.endswith("product_list/get/")]
    assert pages == [("1", "100"), ("2", "100"), ("3", "100")]
    fields = json.loads(api.log[-1][2]["fields"])
    assert "live_product_Inventory" in fields and "productId" in fields


def _worst_window(times: list[float]) -> int:
    """The most requests in any window (t-1, t] of one broadcast second (how the emulator counts)."""
    return max(sum(1 for u in times if t - 1.0 < u <= t) for t in times)


@pytest.mark.parametrize("qps,limit", [(3, 3), (1.5, 1), (0.5, 1), (10, 10)])
def test_rate_limiter_slots_never_exceed_the_qps(qps: float, limit: int) -> None:
    clock = JumpClock()
    limiter = RateLimiter(clock, default_qps=qps)

    async def burst() -> list[float]:
        return list(await asyncio.gather(*[limiter.acquire("e") for _ in range(40)]))

    times = asyncio.run(burst())
    assert times == sorted(times) and _worst_window(times) == limit  # the whole budget is used, never more
    if qps < 1:
        assert min(b - a for a, b in zip(times, times[1:])) >= 1 / qps


class CatchUpSpeedJumpClock(JumpClock):
    """A JumpClock read at the demo room's catch-up speed (thousands of broadcast seconds a real second)."""

    speed = 5000.0


def test_the_limiters_window_does_not_grow_with_the_clocks_speed() -> None:
    """At the catch-up's speed the room endpoint still has its 3 requests a broadcast second (its window was widened
    by 20 real ms at the clock's speed: ~100 broadcast s, while the catch-up waited for a room poll every 25 s)."""
    clock = CatchUpSpeedJumpClock()
    limiter = RateLimiter(clock, default_qps=3)

    async def polls() -> list[float]:
        return [await limiter.acquire("today_live/room/get/") for _ in range(7)]

    times = asyncio.run(polls())
    assert _worst_window(times) == 3
    assert times[-1] - times[0] < 2 * 1.1  # seven requests in a little over two windows
    assert limiter.waited == {"today_live/room/get/": 2}  # the 4th and the 7th waited for a window


def test_a_slot_counts_from_its_requests_answer() -> None:
    """A request reaches the server some time between its slot and its answer (many broadcast seconds on an
    accelerated clock): the next one in its window is sent a window after that answer, so the server never sees two
    within a window."""
    clock = JumpClock()
    limiter = RateLimiter(clock, default_qps=1)

    async def body() -> tuple[float, float, float]:
        async with limiter.sending("e") as first:
            clock.advance(5.0)  # answered 5 broadcast s after its slot
            answered = clock.now()
        return first, answered, await limiter.acquire("e")

    first, answered, second = asyncio.run(body())
    assert answered == first + 5.0 and second >= answered + 1.0


def test_a_request_waits_for_the_answers_of_those_in_flight() -> None:
    """With the endpoint's budget taken by requests still in flight, the next one waits for an answer, then a window
    from it."""
    clock = JumpClock()
    limiter = RateLimiter(clock, default_qps=1)
    answered: list[float] = []

    async def body() -> float:
        go = asyncio.Event()

        async def in_flight() -> None:
            async with limiter.sending("e"):
                await go.wait()
                clock.advance(3.0)
                answered.append(clock.now())

        first = asyncio.create_task(in_flight())
        await asyncio.sleep(0)  # it holds the slot
        second = asyncio.create_task(limiter.acquire("e"))
        for _ in range(5):
            await asyncio.sleep(0)
        assert not second.done()  # no answer yet: no window to count from
        go.set()
        await first
        return await second

    second = asyncio.run(body())
    assert second >= answered[0] + 1.0


def test_client_requests_arrive_within_the_qps_on_the_broadcast_clock() -> None:
    clock = ScaledClock(speed=4, start=1_700_000_100)  # the fake counts arrivals on this clock, like the emulator
    api = FakeApi(clock)
    settings = ClientSettings(qps=3, backoff=Backoff(retries=0))

    async def burst(client: QianchuanClient) -> None:
        await client.room_detail("r1")
        await asyncio.gather(*[client.room_detail("r1") for _ in range(7)])

    run_qc(api, burst, settings=settings)
    times = api.times("today_live/room/detail/get/")
    assert len(times) == 8 and _worst_window(times) <= 3
    assert times[-1] - times[0] >= 2.0  # really spread over the broadcast seconds


def test_each_endpoint_has_its_own_budget_under_concurrency() -> None:
    clock = ScaledClock(speed=4, start=1_700_000_100)
    api = FakeApi(clock)
    settings = ClientSettings(qps=3, qps_by_endpoint={"today_live/room/user/get/": 2}, backoff=Backoff(retries=0))

    async def burst(client: QianchuanClient) -> None:
        await asyncio.gather(client.room_detail("r1"), client.room_user("r1", "ENTER", "CITY"))
        calls = [client.room_detail("r1") for _ in range(5)] + [client.room_user("r1", "ENTER", "CITY")
                                                                for _ in range(5)]
        await asyncio.gather(*calls)

    run_qc(api, burst, settings=settings)
    assert _worst_window(api.times("today_live/room/detail/get/")) <= 3
    assert _worst_window(api.times("today_live/room/user/get/")) <= 2
    assert len(api.times("today_live/room/user/get/")) == 6


def test_auth_code_exchange_and_refresh_before_expiry_without_a_refused_call() -> None:
    clock = JumpClock()
    api = FakeApi(clock, access_ttl=3600)
    store = MemoryTokenStore()

    async def body(client: QianchuanClient) -> None:
        first = store.load_tokens(f"qianchuan:{APP_ID}")
        assert first is not None and first.access_expires_at == pytest.approx(clock.now() + 3600)
        await client.room_detail("r1")
        clock.advance(3600 - 300)  # inside the 600 s refresh margin
        await client.room_detail("r1")
        assert api.refreshes == 1
        assert store.load_tokens(f"qianchuan:{APP_ID}").refresh_token != first.refresh_token

    run_qc(api, body, store)
    statuses = [q for e, _, q in api.log if e == "today_live/room/detail/get/"]
    assert len(statuses) == 2  # no call was refused and retried


def test_rotated_refresh_token_is_saved_before_it_is_used() -> None:
    clock = JumpClock()
    api = FakeApi(clock)
    store = MemoryTokenStore()
    seen: list[str] = []

    def check_store(request: httpx.Request) -> httpx.Response:
        tokens = store.load_tokens(f"qianchuan:{APP_ID}")
        seen.append(tokens.refresh_token)
        assert tokens.refresh_token in api.refresh_ok  # the live one, not the rotated-out one
        assert request.headers["Access-Token"] == tokens.access_token
        return api.handle(request)

    async def body(client: QianchuanClient) -> None:
        api.expire_all_access_tokens()
        api.inject("today_live/room/detail/get/", api.handle)  # the refused call
        api.inject("today_live/room/detail/get/", check_store)  # the retry after the refresh
        return await client.room_detail("r1")

    assert run_qc(api, body, store)["room_id"] == "r1"
    assert api.refreshes == 1 and len(seen) == 1


def test_refused_token_is_refreshed_and_retried_once_then_auth_failed() -> None:
    api = FakeApi(JumpClock())
    refused = {"code": 40105, "message": "invalid", "data": {}}

    async def body(client: QianchuanClient) -> None:
        api.inject("today_live/room/detail/get/", refused)
        ok = await client.room_detail("r1")  # refreshed, retried once, fine
        assert ok["room_id"] == "r1" and api.refreshes == 1
        api.inject("today_live/room/detail/get/", refused, refused, refused)
        await client.room_detail("r1")

    with pytest.raises(AuthFailed, match="authorize"):
        run_qc(api, body)
    assert api.refreshes == 2  # exactly one refresh per refused call


def test_expired_refresh_token_asks_the_operator_to_authorize_again() -> None:
    api = FakeApi(JumpClock())

    async def body(client: QianchuanClient) -> None:
        api.refresh_ok.clear()
        api.expire_all_access_tokens()
        await client.room_detail("r1")

    with pytest.raises(AuthFailed, match="authorize the console again"):
        run_qc(api, body)


def test_used_auth_code_is_auth_failed() -> None:
    api = FakeApi(JumpClock())
    api.used_codes.add(AUTH_CODE)
    with pytest.raises(AuthFailed):
        run_qc(api, lambda c: c.room_detail("r1"))


def test_doudian_signature_matches_api_md_and_orders_page_from_zero() -> None:
    api = FakeApi(JumpClock())
    api.orders = [{"order_id": f"o{i}", "doudian_open_id": f"buyer{i % 7}", "sku_order_list": [
        {"order_id": f"o{i}1", "room_id": "r1", "product_id": "p1", "item_num": 1, "pay_amount": 1990,
         "order_amount": 2990, "create_time": 1_700_000_000 + i, "update_time": 1_700_000_100 + i,
         "pay_time": 1_700_000_050, "order_status": 105 if i % 5 else 4,
         "after_sale_info": {"after_sale_status": 12 if i == 3 else 0}}]} for i in range(230)]
    store = MemoryTokenStore()

    async def main() -> list:
        client = dd_client(api, store)
        try:
            await client.authorize(DD_CODE)
            api.expire_all_access_tokens()  # 40003 isv.access-token-expired: refresh and retry once
            return await client.search_orders(1_700_000_000, 1_700_999_999)
        finally:
            await client.aclose()

    orders = asyncio.run(main())
    assert len(orders) == 230 and api.refreshes == 1
    assert [q.get("method") for e, _, q in api.log if e == "/order/searchList"].count("order.searchList") == 4
    states = {o.order_id: o.state for o in orders}
    assert states["o01"] is OrderState.CANCELLED and states["o31"] is OrderState.REFUNDED
    assert states["o11"] is OrderState.PAID
    assert all(o.pay_amount_fen == 1990 and o.order_amount_fen == 2990 for o in orders)
    masks = {o.buyer_mask for o in orders}
    assert len(masks) == 7 and not any("buyer" in m for m in masks)
    assert store.load_tokens(f"doudian:{DD_KEY}").scope["shop_id"] == "shop-3"


def test_signature_formula_is_core_wire() -> None:
    params = {"size": 100, "page": 0, "update_time_start": 1, "b": {"z": 1, "a": "中"}}
    param_json = wire.doudian_param_json(params)
    assert param_json == '{"b":{"a":"中","z":1},"page":0,"size":100,"update_time_start":1}'
    assert wire.doudian_sign("k", "s", "order.searchList", param_json, 1700000000) == independent_sign(
        "k", "s", "order.searchList", param_json, "1700000000")


def test_secrets_and_tokens_never_reach_logs_errors_or_reprs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api = FakeApi(JumpClock())
    store = MemoryTokenStore()
    texts: list[str] = []

    async def main() -> None:
        qc, dd = qc_client(api, store, ClientSettings(qps=1000)), dd_client(api, store, ClientSettings(qps=1000))
        try:
            await qc.authorize(AUTH_CODE)
            await dd.authorize(DD_CODE)
            texts.extend([repr(qc), repr(dd), repr(store), repr(store.load_tokens(f"qianchuan:{APP_ID}")),
                          repr(qc.tokens), repr(qc.http)])
            api.inject("today_live/room/detail/get/", 503, httpx.ConnectError("refused"), {"code": 40105})
            await qc.room_detail("r1")
            api.expire_all_access_tokens()
            api.inject("/order/searchList", 500, httpx.ReadTimeout("t"))
            await dd.search_orders(0, 1)
            api.refresh_ok.clear()
            api.expire_all_access_tokens()
            for call in (qc.room_detail("r1"), dd.search_orders(0, 1)):
                try:
                    await call
                except SourceError as err:
                    texts.extend([str(err), repr(err)])
        finally:
            await qc.aclose()
            await dd.aclose()

    asyncio.run(main())
    assert len(texts) == 10
    everything = caplog.text + "\n".join(texts)
    issued = [t for t in api.access] + ["REFRESH-"]
    for secret in [SECRET, DD_SECRET, AUTH_CODE, DD_CODE, "ACCESS-", *issued]:
        assert secret not in everything


@pytest.mark.parametrize("ids", [[1790000000000001, 1790000000000002], ["1790000000000001", "1790000000000002"]])
def test_the_grant_takes_advertiser_ids_as_integers_or_strings(ids: list) -> None:  # type: ignore[type-arg]
    api = FakeApi(JumpClock())
    answer = {"access_token": "A-1", "refresh_token": "R-1", "expires_in": 86400,
              "refresh_token_expires_in": 30 * 86400, "advertiser_ids": ids}
    api.inject("/open_api/oauth2/access_token/", {"code": 0, "message": "OK", "request_id": "r", "data": answer})
    store = MemoryTokenStore()

    async def main() -> None:
        client = qc_client(api, store)
        try:
            await client.authorize(AUTH_CODE)
        finally:
            await client.aclose()

    asyncio.run(main())
    tokens = store.load_tokens(f"qianchuan:{APP_ID}")
    assert tokens is not None and tokens.scope["advertiser_ids"] == "1790000000000001,1790000000000002"


def test_a_lost_first_token_answer_that_used_the_code_does_not_blame_the_app_id_or_secret() -> None:
    api = FakeApi(JumpClock())

    def lost_after_taking_the_code(request: httpx.Request) -> httpx.Response:
        api.used_codes.add(AUTH_CODE)  # the platform took the one-time code...
        return httpx.Response(502, text="bad gateway")  # ...and its answer was lost on the way

    api.inject("/open_api/oauth2/access_token/", lost_after_taking_the_code)
    retrying = ClientSettings(backoff=Backoff(retries=2, base_s=0.01, jitter=0.0), qps=1000)
    with pytest.raises(AuthFailed) as info:
        run_qc(api, lambda client: asyncio.sleep(0), settings=retrying)
    text = str(info.value)
    assert "the one-time authorization code was used up" in text and "HTTP 502" in text
    assert "not in question" in text and "authorize again" in text


def test_a_gets_url_is_built_once_per_query_and_is_httpxs_own() -> None:
    """A poll's query is the same every poll: its URL (a urlencode and parses that look at each character, ~0.6 ms
    for the room list's ~30 field names) is built once and sent as it is, the very URL httpx builds from the params;
    another query is another URL, and a POST's query (Doudian signs it with the time) is left to httpx."""
    seen: list[str] = []

    def serve(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"code": 0})

    http = ApiTransport("http://api.invalid/open_api", ScaledClock(speed=1000.0), ClientSettings(qps=1000.0),
                        transport=httpx.MockTransport(serve))
    built: list[str] = []
    build = http._client.build_request

    def counted(method: str, url: object, **kw: object) -> httpx.Request:
        built.append(method)
        return build(method, url, **kw)  # type: ignore[arg-type]

    http._client.build_request = counted  # type: ignore[method-assign]
    room = {"date_time": "2026-12-02", "fields": json.dumps(["total_live_watch_cnt", "stat_cost"]), "page": "1"}

    async def polls() -> None:
        for query in (room, dict(room), {**room, "page": "2"}, room):
            await http.send("room/get", "GET", "/v1.0/qianchuan/today_live/room/get/", params=query)
        await http.send("order", "POST", "/order/searchList", params={"timestamp": "1"}, content=b"{}")

    asyncio.run(polls())
    plain = httpx.Client(base_url="http://api.invalid/open_api")
    expected = [str(plain.build_request("GET", "/v1.0/qianchuan/today_live/room/get/", params=q).url)
                for q in (room, room, {**room, "page": "2"}, room)]
    assert seen[:4] == expected and seen[4] == "http://api.invalid/open_api/order/searchList?timestamp=1"
    # two GET URLs built (page 1, page 2); each send builds its request; the POST is httpx's from its params
    assert built.count("GET") == 2 + 4 and built.count("POST") == 1
