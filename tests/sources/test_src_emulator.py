"""The sources layer against the real emulator (the demo room), in-process (httpx.ASGITransport) and over a real
127.0.0.1 socket (uvicorn in a thread), clean and with each fault kind: no crash, nothing fabricated."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from typing import Iterator

import httpx
import pytest

from dyconsole.core.clock import ScaledClock
from dyconsole.core.feed import PollFanOut, PollIntervals
from dyconsole.core.metrics import FLOW_SOURCES, ROOM_COUNTERS
from dyconsole.core.model import RoomStatus
from dyconsole.emulator.demo import DemoRoom, build_demo
from dyconsole.emulator.faults import FaultSpec
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.sources.doudian import DoudianClient
from dyconsole.sources.poller import Poller
from dyconsole.sources.qianchuan import QianchuanClient
from dyconsole.sources.retry import Backoff
from dyconsole.sources.room_source import LiveRoomSource
from dyconsole.sources.transport import ClientSettings
from test_src_poller import Recorder

SPEED = 200.0  # in-process: no network, so the clock can run fast
LOOPBACK_SPEED = 60.0  # over a socket: real round trips (a few ms) must stay small in broadcast time
INTERVALS = PollIntervals(room=5, products=15, flow=15, audience=30, orders=20)
FAULT_KINDS = {
    "latency": "latency=0.002",
    "http5xx": "http5xx=0.3",
    "timeout": "timeout=0.1,timeout_s=0.3",
    "ratelimit": "ratelimit=0.3",
    "expire_tokens": "expire_tokens=40",
    "malformed": "malformed=0.2",
    "truncated": "truncated=0.2",
    "missing": "missing=0.5",
    "nulls": "nulls=0.5",
    "strings": "strings=0.5",
}
SETTINGS = ClientSettings(timeout_s=1.0, backoff=Backoff(base_s=1.0, retries=3))
#: the timeout fault holds an answer 0.3 s (real): the client gives up well before
TIMEOUT_SETTINGS = ClientSettings(timeout_s=0.05, backoff=Backoff(base_s=1.0, retries=3))


def make_source(room: DemoRoom, base_url: str, transport: httpx.AsyncBaseTransport | None,
                settings: ClientSettings = SETTINGS) -> LiveRoomSource:
    c, store = room.credentials, MemoryTokenStore()
    qc = QianchuanClient(app_id=c.qianchuan.app_id, secret=c.qianchuan.secret,
                         advertiser_id=c.qianchuan.advertiser_id, aweme_id=c.qianchuan.aweme_id, clock=room.clock,
                         store=store, base_url=base_url, settings=settings, transport=transport)
    dd = DoudianClient(app_key=c.doudian.app_key, app_secret=c.doudian.app_secret, shop_id=c.doudian.shop_id,
                       clock=room.clock, store=store, base_url=base_url, settings=settings, transport=transport)
    return LiveRoomSource(qc, room.clock, dd)


async def authorize(source: LiveRoomSource, room: DemoRoom) -> None:
    await source.qianchuan.authorize(room.credentials.qianchuan.auth_code)
    assert source.doudian is not None
    await source.doudian.authorize(room.credentials.doudian.code)


def poll_for(room: DemoRoom, base_url: str, transport: httpx.AsyncBaseTransport | None, seconds: float,
             settings: ClientSettings = SETTINGS) -> tuple[Poller, Recorder, LiveRoomSource]:
    sink = Recorder()
    source = make_source(room, base_url, transport, settings)

    async def main() -> Poller:
        try:
            faults = room.state.faults
            room.state.set_faults(FaultSpec())  # authorize on a clean line; faults apply to the polls
            await authorize(source, room)
            room.state.set_faults(faults)
            poller = Poller(source, room.clock, INTERVALS, PollFanOut([sink]))
            await asyncio.wait_for(poller.run(until_ts=room.clock.now() + seconds), timeout=60)
            return poller
        finally:
            await source.aclose()

    return asyncio.run(main()), sink, source


def assert_nothing_fabricated(sink: Recorder) -> None:
    """Counters never go down and never read 0 after a positive value; samples only from answers."""
    samples = sink.of("room")
    assert samples, "no room sample at all"
    for name in ROOM_COUNTERS:
        seen = [s.get(name) for s in samples if s.get(name) is not None]
        assert all(b >= a for a, b in zip(seen, seen[1:])), name
    for ts, products in sink.of("products"):
        positions = [p.position for p in products]
        assert positions == sorted(positions) and len(set(positions)) == len(positions)
    for flow in sink.of("flow"):
        assert set(flow.values) == set(FLOW_SOURCES)
    for ts, orders in sink.of("orders"):
        for order in orders:
            assert order.pay_amount_fen >= 0 and order.buyer_mask and order.item_num >= 1


def test_in_process_clean_run_reads_everything() -> None:
    clock = ScaledClock(speed=SPEED)
    room = build_demo(clock, seed=3)
    transport = httpx.ASGITransport(app=room.app)
    poller, sink, source = poll_for(room, room.base_url, transport, 120)
    assert sink.of("gap") == [] and sink.of("health") == []
    info = sink.of("info")[0]
    assert info.status is RoomStatus.LIVING and info.room_id == room.state.identity.room_id
    last = sink.of("room")[-1]
    assert last.get("total_live_watch_cnt") and last.get("online_user_cnt") is None  # no online count: as the APIs
    ts, products = sink.of("products")[-1]
    assert [p.position for p in products] == list(range(1, len(products) + 1)) and len(products) >= 20
    assert {f.by for f in sink.of("flow")} == {"AllEcomFlowSource", "AllEcomGmvSource"}
    assert {(a.action_event, a.dimension) for a in sink.of("audience")} == {
        (e, d) for e in ("ENTER", "PAY") for d in ("CITY", "GENDER", "AGE")}
    orders = {o.order_id: o for _, batch in sink.of("orders") for o in batch}
    assert sink.of("orders") and all(o.room_id == info.room_id for o in orders.values())
    last_orders_poll = sink.of("orders")[-1][0]
    expected = [o for o in room.simulator.orders() if o.update_time <= last_orders_poll - 1]
    assert len(orders) >= len(expected)  # every order the room had is read (the demo may have none yet)
    assert_nothing_fabricated(sink)
    assert source.qianchuan.http.retries == 0


def test_in_process_room_finishing_stops_the_poller() -> None:
    clock = ScaledClock(speed=SPEED)
    room = build_demo(clock, seed=4, duration_s=60)
    poller, sink, _ = poll_for(room, room.base_url, httpx.ASGITransport(app=room.app), 600)
    assert poller.finished and sink.of("room")[-1].status is RoomStatus.FINISH
    assert [i.status for i in sink.of("info")][-1] is RoomStatus.FINISH
    assert clock.now() - room.state.identity.start_ts < 120


@pytest.mark.parametrize("kind", sorted(FAULT_KINDS))
def test_in_process_each_fault_kind(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    clock = ScaledClock(speed=SPEED)
    room = build_demo(clock, seed=5, faults=FAULT_KINDS[kind])
    settings = TIMEOUT_SETTINGS if kind == "timeout" else SETTINGS
    poller, sink, source = poll_for(room, room.base_url, httpx.ASGITransport(app=room.app), 150, settings)
    assert_nothing_fabricated(sink)
    values = [v for s in sink.of("room") for v in s.values.values()]
    if kind in ("missing", "nulls"):  # some field read in one sample is missing (None, not 0) in another
        samples = sink.of("room")
        assert any(s.get(name) is None and any(o.get(name) for o in samples)
                   for s in samples for name in ROOM_COUNTERS)
    if kind == "strings":
        assert sum(v is not None for v in values) > len(sink.of("room")) * 20  # strings read as numbers
    if kind == "expire_tokens":
        assert source.qianchuan.tokens.refreshes >= 2 and sink.of("gap") == []  # refreshed without a gap
    if kind in ("http5xx", "ratelimit", "timeout"):
        assert source.qianchuan.http.retries > 0
    for secret in (room.credentials.qianchuan.secret, room.credentials.doudian.app_secret):
        assert secret not in caplog.text


class LoopbackServer:
    """uvicorn serving the demo room's app on 127.0.0.1 in a thread."""

    def __init__(self, room: DemoRoom) -> None:
        import uvicorn

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._sock = sock
        config = uvicorn.Config(room.app, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.01)
        assert self.server.started
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self._sock.close()


@pytest.fixture(scope="module")
def served_room() -> Iterator[tuple[DemoRoom, str]]:
    room = build_demo(ScaledClock(speed=LOOPBACK_SPEED), seed=6)
    with LoopbackServer(room) as base_url:
        yield room, base_url


@pytest.mark.parametrize("kind", ["clean", *sorted(FAULT_KINDS)])
def test_over_a_loopback_socket_with_each_fault_kind(kind: str, served_room: tuple[DemoRoom, str]) -> None:
    room, base_url = served_room
    room.state.set_faults(FaultSpec.parse(FAULT_KINDS.get(kind, "")))
    room.reauthorize()
    try:
        settings = TIMEOUT_SETTINGS if kind == "timeout" else SETTINGS
        poller, sink, source = poll_for(room, base_url, None, 45, settings)
    finally:
        room.state.set_faults(FaultSpec())
    assert_nothing_fabricated(sink)
    if kind == "clean":
        assert sink.of("gap") == [] and sink.of("orders") and sink.of("products")


def test_a_dead_port_is_unavailable_not_a_crash() -> None:
    room = build_demo(ScaledClock(speed=SPEED), seed=7)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    sink = Recorder()
    source = make_source(room, f"http://127.0.0.1:{port}", None)
    source.qianchuan.tokens.adopt(__import__("dyconsole.sources.credentials", fromlist=["TokenSet"]).TokenSet(
        "a", "r", room.clock.now() + 86400, issued_at=room.clock.now()))

    async def main() -> Poller:
        poller = Poller(source, room.clock, INTERVALS, PollFanOut([sink]), down_after=2)
        try:
            await asyncio.wait_for(poller.run(until_ts=room.clock.now() + 120), timeout=60)
        finally:
            await source.aclose()
        return poller

    poller = asyncio.run(main())
    assert poller.health.state.value == "down" and "connection failed" in poller.health.last_error
    assert sink.of("room") == [] and sink.of("gap")
