"""The poller against a scripted source on an accelerated broadcast clock (or on virtual time where exact spacing
is asserted): intervals, no overlap, health states logged once, gaps (never zeros), recovery within two intervals,
the room never slowed by an orders (Doudian) failure, room status changes and the stop at FINISH."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Callable

import pytest

from dyconsole.core.clock import ScaledClock
from dyconsole.core.feed import (
    AudiencePolled,
    FlowPolled,
    Gap,
    HealthChanged,
    OrdersPolled,
    PollFanOut,
    PollHandlers,
    PollIntervals,
    PollsSkipped,
    ProductsPolled,
    RoomInfoChanged,
    RoomPolled,
)
from dyconsole.core.model import AudienceSample, ConnectionState, FlowSample, OrderRecord, OrderState, \
    ProductSample, RoomInfo, RoomSample, RoomStatus
from dyconsole.sources.errors import AuthFailed, Unavailable
from dyconsole.sources.poller import SKIPPED_WHILE_DOWN, Poller
from dyconsole.sources.timing import sleep_broadcast
from tests.support.virtual_time import VirtualTimeLoop

T0 = 1_700_000_000.0
FAST = PollIntervals(room=5, products=10, flow=10, audience=20, orders=15)


@dataclass
class ScriptedSource:
    clock: ScaledClock
    living_at: float = T0  # PREPARE before
    finish_at: float | None = None
    failing: tuple[float, float] | None = None  # broadcast window in which every call fails
    auth_failing: bool = False
    failing_kinds: tuple[str, ...] = ()  # when given, only these kinds fail in the `failing` window
    orders_auth_from: float | None = None  # from then on the orders (Doudian) authorization is refused
    room_delay: float = 0.0
    with_orders: bool = True
    appears_at: float = T0
    calls: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    in_flight: dict[str, int] = field(default_factory=dict)
    max_in_flight: dict[str, int] = field(default_factory=dict)
    order_windows: list[tuple[float, float]] = field(default_factory=list)

    def status(self) -> RoomStatus:
        now = self.clock.now()
        if self.finish_at is not None and now >= self.finish_at:
            return RoomStatus.FINISH
        return RoomStatus.LIVING if now >= self.living_at else RoomStatus.PREPARE

    async def _call(self, kind: str, delay: float = 0.0) -> float:
        start = self.clock.now()
        self.in_flight[kind] = self.in_flight.get(kind, 0) + 1
        self.max_in_flight[kind] = max(self.max_in_flight.get(kind, 0), self.in_flight[kind])
        try:
            if delay:
                await sleep_broadcast(self.clock, delay)
            await asyncio.sleep(0)
            now = self.clock.now()
            if self.auth_failing:
                raise AuthFailed("authorization expired: authorize the console again", endpoint=kind)
            if kind == "orders" and self.orders_auth_from is not None and now >= self.orders_auth_from:
                raise AuthFailed("Doudian authorization expired: authorize Doudian again", endpoint="order.searchList")
            if self.failing and self.failing[0] <= now < self.failing[1] and kind in (self.failing_kinds or (kind,)):
                raise Unavailable("no answer", endpoint=kind)
            return now
        finally:
            self.in_flight[kind] -= 1
            self.calls.setdefault(kind, []).append((start, self.clock.now()))

    def info(self) -> RoomInfo:
        return RoomInfo("r1", "room", self.status(), start_time=self.living_at)

    async def find_live_room(self) -> RoomInfo | None:
        now = await self._call("find")
        return self.info() if now >= self.appears_at else None

    async def room_info(self, room_id: str) -> RoomInfo:
        await self._call("info")
        return self.info()

    async def room_sample(self, room_id: str) -> RoomSample:
        ts = await self._call("room", self.room_delay)
        return RoomSample(ts, room_id, self.status(), {"total_live_watch_cnt": ts - T0})

    async def products(self, room_id: str) -> list[ProductSample]:
        ts = await self._call("products")
        return [ProductSample(ts, "p1", "t", "UNEXPLAIN", 1, {"live_product_price": 9.9})]

    async def flow(self, room_id: str) -> list[FlowSample]:
        ts = await self._call("flow")
        return [FlowSample(ts, "AllEcomFlowSource", {"nature": 1.0})]

    async def audience(self, room_id: str) -> list[AudienceSample]:
        ts = await self._call("audience")
        return [AudienceSample(ts, "ENTER", "CITY", {"上海": 1.0})]

    async def orders(self, since_update_ts: float, until_ts: float) -> list[OrderRecord] | None:
        if not self.with_orders:
            return None
        self.order_windows.append((since_update_ts, until_ts))
        ts = await self._call("orders")
        return [OrderRecord("o1", "r1", "p1", 1, 100, 100, ts, ts, ts, OrderState.PAID)]


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def of(self, name: str) -> list:
        return [payload for kind, payload in self.events if kind == name]

    def poll_handlers(self) -> PollHandlers:
        return {
            RoomInfoChanged: lambda e: self.events.append(("info", e.info)),
            RoomPolled: lambda e: self.events.append(("room", e.sample)),
            ProductsPolled: lambda e: self.events.append(("products", (e.ts, list(e.products)))),
            FlowPolled: lambda e: self.events.append(("flow", e.sample)),
            AudiencePolled: lambda e: self.events.append(("audience", e.sample)),
            OrdersPolled: lambda e: self.events.append(("orders", (e.ts, list(e.orders)))),
            Gap: lambda e: self.events.append(("gap", e)),
            HealthChanged: lambda e: self.events.append(("health", e.health)),
            PollsSkipped: lambda e: self.events.append(("skipped", e)),
        }


def run(source: ScriptedSource, until: float | None, intervals: PollIntervals = FAST,
        **kw: object) -> tuple[Poller, Recorder]:
    sink = Recorder()
    poller = Poller(source, source.clock, intervals, PollFanOut([sink]), **kw)  # type: ignore[arg-type]
    asyncio.run(asyncio.wait_for(poller.run(until_ts=until), timeout=30))
    return poller, sink


def run_on_virtual_time(make_source: Callable[[ScaledClock], ScriptedSource], until: float,
                        listeners: tuple[object, ...] = (), **kw: object) -> tuple[Poller, Recorder, ScriptedSource]:
    """`run` on a virtual-time loop (broadcast clock = the loop's clock): exact intervals, however busy the CPU.
    `listeners` get the polls after the recorded sink."""
    loop = VirtualTimeLoop(100.0)
    try:
        source = make_source(ScaledClock(speed=1.0, start=T0, monotonic=loop.time))
        sink = Recorder()
        poller = Poller(source, source.clock, FAST, PollFanOut([sink, *listeners]), **kw)  # type: ignore[arg-type]
        loop.run_until_complete(poller.run(until_ts=until))
        return poller, sink, source
    finally:
        loop.close()


def test_each_kind_polls_on_its_interval_and_stops_at_until() -> None:
    clock = ScaledClock(speed=300, start=T0)
    poller, sink = run(ScriptedSource(clock), T0 + 100)
    assert 100 <= clock.now() - T0 < 110
    room_polls = len(sink.of("room"))
    assert 18 <= room_polls <= 21  # every 5 s over 100 s
    assert 8 <= len(sink.of("products")) <= 11 and 4 <= len(sink.of("audience")) <= 6
    assert sink.of("gap") == [] and sink.of("health") == [] and poller.health.state is ConnectionState.OK
    assert [i.status for i in sink.of("info")] == [RoomStatus.LIVING]
    assert all(s.ts >= T0 for s in sink.of("room"))


def test_a_slow_poll_never_overlaps_and_skips_ticks_instead_of_piling_up() -> None:
    poller, sink, source = run_on_virtual_time(lambda clock: ScriptedSource(clock, room_delay=12.0), T0 + 64,
                                               kinds=("room",))
    assert source.max_in_flight["room"] == 1
    starts = [s - T0 for s, _ in source.calls["room"]]
    assert all(b - a >= 12.0 for a, b in zip(starts, starts[1:]))
    # scheduled by deadline: the tick due while a call runs is polled when it ends (12, 24...), within its
    # interval; the ticks whose whole interval passed are given up, not queued (queued, the calls would fall
    # further behind each time), and counted: 13 ticks due in 0..60, 6 polled, 7 given up
    assert starts == [0, 12, 24, 36, 48, 60]
    assert poller.skipped == {"room": 7}
    skips = sink.of("skipped")  # said at once, then at most once a minute of broadcast time, the rest at the end
    assert [(e.skipped, e.total, e.by_kind) for e in skips] == [(1, 1, (("room", 1),)), (6, 7, (("room", 6),))]
    assert skips[0].ts == T0 + 12


def test_a_poll_late_within_its_interval_is_made_not_dropped() -> None:
    # every call takes 7 s of a 5 s interval: the source is busy all the time, and only a tick whose whole interval
    # passed first is given up (the old grid skipped every tick due during a call: 0, 10, 20, 30, 40)
    poller, sink, source = run_on_virtual_time(lambda clock: ScriptedSource(clock, room_delay=7.0), T0 + 50,
                                               kinds=("room",))
    assert [s - T0 for s, _ in source.calls["room"]] == [0, 7, 14, 21, 28, 35, 42, 49]
    assert poller.skipped == {"room": 2}  # the ticks due at 15 and 30
    assert sum(e.skipped for e in sink.of("skipped")) == 2


class BusyLoop:
    """A listener that keeps the event loop busy for `busy_s` (virtual) seconds on the room poll at `at`, as a
    long paint on the UI thread would; or jumps the broadcast clock by `jump_s` there instead."""

    def __init__(self, at: float, busy_s: float = 0.0, jump_s: float = 0.0) -> None:
        self.at, self.busy_s, self.jump_s = at, busy_s, jump_s

    def poll_handlers(self) -> PollHandlers:
        return {RoomPolled: self.on_room}

    def on_room(self, event: RoomPolled) -> None:
        if event.sample.ts == self.at:
            loop = asyncio.get_running_loop()
            assert isinstance(loop, VirtualTimeLoop)
            loop.advance(self.busy_s)
            if self.jump_s:
                self.clock.jump(self.jump_s)

    clock: ScaledClock

    def run(self, until: float) -> tuple[Poller, Recorder]:
        """The room alone polled on virtual time until `until`, with this listener."""

        def source(clock: ScaledClock) -> ScriptedSource:
            self.clock = clock
            return ScriptedSource(clock)

        poller, sink, _ = run_on_virtual_time(source, until, listeners=(self,), kinds=("room",))
        return poller, sink


def test_a_busy_event_loop_costs_the_ticks_it_blocked_and_says_so() -> None:
    poller, sink = BusyLoop(T0 + 20, busy_s=13.0).run(T0 + 48)
    # the loop was busy 20..33: the tick due at 25 never got its poll; the one due at 30 is polled at 33
    assert [s.ts - T0 for s in sink.of("room")] == [0, 5, 10, 15, 20, 33, 35, 40, 45]
    assert poller.skipped == {"room": 1}
    assert [(e.ts - T0, e.skipped, e.total) for e in sink.of("skipped")] == [(33, 1, 1)]


def test_a_jump_of_the_clock_is_not_a_missed_poll() -> None:
    # (the stop at `until` wakes on the time it was due before the jump: 38 s of real time, 3638 of broadcast)
    poller, sink = BusyLoop(T0 + 20, jump_s=3600.0).run(T0 + 38)
    # the hour jumped over is neither polled back to back nor counted: the grid goes on from the new time
    assert [s.ts - T0 for s in sink.of("room")] == [0, 5, 10, 15, 20, 3620, 3625, 3630, 3635]
    assert poller.skipped == {"room": 0} and sink.of("skipped") == []


def test_failures_are_gaps_states_change_once_and_recovery_is_within_two_intervals(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="dyconsole.sources.poller")
    fault_end = T0 + 60
    poller, sink, source = run_on_virtual_time(lambda clock: ScriptedSource(clock, failing=(T0 + 20, fault_end)),
                                               T0 + 110)
    states = [h.state for h in sink.of("health")]
    assert states == [ConnectionState.DEGRADED, ConnectionState.DOWN, ConnectionState.OK]
    changes = [r for r in caplog.records if "source connection" in r.getMessage()]
    assert len(changes) == 3  # logged once per change, not once per failed poll
    recovered = sink.of("health")[-1].changed_at
    assert recovered - fault_end <= 2 * FAST.room + 1.0
    gaps = sink.of("gap")
    failed = [g for g in gaps if g.error != SKIPPED_WHILE_DOWN]
    assert failed and all(T0 + 20 - 1 <= g.ts <= fault_end + 3 for g in gaps)
    assert {g.kind for g in failed} >= {"room", "products"}
    # backed off while down: the room data kinds skip every other tick; the heartbeat keeps its interval
    assert any(g.error == SKIPPED_WHILE_DOWN for g in gaps)
    assert not any(g.kind in ("room", "orders") and g.error == SKIPPED_WHILE_DOWN for g in gaps)
    room_calls = [start for start, _ in source.calls["room"] if T0 + 20 <= start < fault_end]
    assert all(b - a <= FAST.room + 1.0 for a, b in zip(room_calls, room_calls[1:]))
    samples = sink.of("room")
    assert not any(T0 + 20 + 0.5 <= s.ts < fault_end - 0.5 for s in samples)  # no fabricated samples
    assert sink.of("health")[1].last_error.startswith("room: no answer")
    assert poller.health.state is ConnectionState.OK and poller.health.last_ok_ts is not None
    assert sink.of("health")[-1].last_error == ""  # back to ok: the outage's error is not shown as current


def test_room_status_changes_are_reported_and_polling_stops_after_finish() -> None:
    clock = ScaledClock(speed=300, start=T0)
    source = ScriptedSource(clock, living_at=T0 + 20, finish_at=T0 + 60, appears_at=T0 + 8)
    poller, sink = run(source, None)  # stops by itself
    assert [i.status for i in sink.of("info")] == [RoomStatus.PREPARE, RoomStatus.LIVING, RoomStatus.FINISH]
    assert poller.finished and sink.of("room")[-1].status is RoomStatus.FINISH
    assert T0 + 60 <= clock.now() < T0 + 70
    assert sink.of("gap") == []
    first_room = sink.of("room")[0].ts
    assert first_room >= T0 + 8  # nothing before the room exists
    assert all(ts >= T0 + 8 for ts, _ in sink.of("products"))


def test_orders_are_incremental_with_overlap_and_absent_without_doudian() -> None:
    clock = ScaledClock(speed=300, start=T0 + 1000)
    source = ScriptedSource(clock)
    run(source, T0 + 1060, order_overlap_s=30)
    windows = source.order_windows
    assert len(windows) >= 3
    assert windows[0][0] == T0 - 30  # from the room's start, with the overlap
    for (_, until), (since, _) in zip(windows, windows[1:]):
        assert since == pytest.approx(until - 30)
    source = ScriptedSource(ScaledClock(speed=300, start=T0))
    source.with_orders = False
    _, sink = run(source, T0 + 40)
    assert sink.of("orders") == [] and not [g for g in sink.of("gap") if g.kind == "orders"]


def test_auth_failed_makes_the_source_down_asking_for_authorization() -> None:
    clock = ScaledClock(speed=300, start=T0)
    source = ScriptedSource(clock, auth_failing=True)
    poller, sink = run(source, T0 + 30)
    assert poller.health.state is ConnectionState.DOWN
    assert "authorize" in poller.health.last_error
    assert [h.state for h in sink.of("health")] == [ConnectionState.DOWN]
    assert all(g.kind == "room" for g in sink.of("gap"))  # no room yet: the other kinds wait


def test_a_doudian_authorization_failure_is_shown_over_an_older_degradation_and_never_downs_the_room() -> None:
    poller, sink, source = run_on_virtual_time(
        lambda clock: ScriptedSource(clock, failing=(T0 + 10, T0 + 40), failing_kinds=("products",),
                                     orders_auth_from=T0 + 20), T0 + 80)
    health = sink.of("health")
    assert [h.state for h in health] == [ConnectionState.DEGRADED, ConnectionState.DEGRADED]
    assert health[0].last_error.startswith("products: ")
    # the kind shown changed: the operator is told, though the state did not change
    assert health[1].last_error.startswith("orders: ") and "authorize Doudian again" in health[1].last_error
    assert health[1].changed_at == health[0].changed_at
    assert poller.health.last_error == health[1].last_error  # products recovered: still the Doudian problem
    room = [ts for ts, _ in source.calls["room"]]
    assert len(room) >= 80 / FAST.room - 1 and all(b - a <= FAST.room + 1 for a, b in zip(room, room[1:]))
    assert not [g for g in sink.of("gap") if g.kind == "room"]


def test_a_stop_before_run_is_honoured() -> None:
    clock = ScaledClock(speed=300, start=T0)
    source = ScriptedSource(clock)
    sink = Recorder()
    poller = Poller(source, clock, FAST, PollFanOut([sink]))  # type: ignore[arg-type]
    poller.stop()
    asyncio.run(asyncio.wait_for(poller.run(), timeout=5))
    assert poller.stopped and sink.events == []


def test_a_listener_that_fails_on_every_poll_stops_neither_the_polls_nor_the_other_listeners() -> None:
    def broken(event: RoomPolled) -> None:
        raise RuntimeError("a bug in a listener")

    clock = ScaledClock(speed=300, start=T0)
    sink = Recorder()
    polls = PollFanOut()
    polls.subscribe(RoomPolled, broken, "broken")
    polls.add(sink)
    poller = Poller(ScriptedSource(clock), clock, FAST, polls)  # type: ignore[arg-type]
    asyncio.run(asyncio.wait_for(poller.run(until_ts=T0 + 50), timeout=30))
    room_polls = len(sink.of("room"))
    assert room_polls >= 9 and polls.failures == {"broken": room_polls}
    assert poller.health.state is ConnectionState.OK and sink.of("gap") == []  # a listener's fault is not the source's


class CatchingUp(ScaledClock):
    """A broadcast clock that says it is catching up (as core.clock.CatchUpClock does) before `until`."""

    def __init__(self, until: float, **kw: object) -> None:
        super().__init__(**kw)  # type: ignore[arg-type]
        self.until = until

    @property
    def catching_up(self) -> bool:
        return self.now() < self.until


def test_while_catching_up_the_data_kinds_are_polled_a_minute_or_five_apart_and_the_room_on_its_interval() -> None:
    # the demo room's history: its room samples as dense as ever, its products and orders a minute apart, its traffic
    # and audience (the window shows their latest answer) five minutes apart (fewer requests, fewer real seconds);
    # caught up, every kind polls at its next tick on its own interval again (not a passed-over stretch later)
    loop = VirtualTimeLoop(100.0)
    try:
        source = ScriptedSource(CatchingUp(T0 + 725, speed=1.0, start=T0, monotonic=loop.time))
        sink = Recorder()
        poller = Poller(source, source.clock, FAST, PollFanOut([sink]))
        loop.run_until_complete(poller.run(until_ts=T0 + 800))
    finally:
        loop.close()
    assert [s.ts - T0 for s in sink.of("room")] == [5.0 * i for i in range(160)]
    # (each data kind's first tick comes before the room is found: its first poll is its next tick)
    assert [ts - T0 for ts, _ in sink.of("products")] == [10 + 60 * i for i in range(12)] + list(range(730, 800, 10))
    assert [s.ts - T0 for s in sink.of("flow")] == [10, 310, 610] + list(range(730, 800, 10))
    assert [s.ts - T0 for s in sink.of("audience")] == [20, 320, 620, 740, 760, 780]
    assert [ts - T0 for ts, _ in sink.of("orders")] == [15 + 60 * i for i in range(12)] + list(range(735, 800, 15))
    assert poller.skipped == {k: 0 for k in poller.kinds} and sink.of("skipped") == []


def test_a_catch_up_held_for_the_room_poll_lets_the_other_kinds_sleep_until_it_moves_on() -> None:
    # the demo room's history: a paced catch-up clock holds a step past the last room poll until the next one is in.
    # While it holds, a kind due past the hold cannot be polled: its loop sleeps until the room poll is in (the
    # clock moved on) instead of looking again every few real ms (dt at the catch-up's speed; ~100 turns of the UI
    # thread's loop a step in the window's catch-up). The history is the same: room samples a step apart at most.
    from dyconsole.core.clock import CatchUpClock

    class SlowRoom(ScriptedSource):
        async def room_sample(self, room_id: str) -> RoomSample:
            await asyncio.sleep(0.01)  # 10 real ms an answer: the clock, at 4801x, reaches its hold meanwhile
            return await super().room_sample(room_id)

    class Counted(CatchUpClock):
        looks_held = 0  # sleeps begun while the clock holds for the room's poll

        def real_seconds(self, broadcast_seconds: float) -> float:
            Counted.looks_held += self.held_real_s() > 0
            return super().real_seconds(broadcast_seconds)

    class Pace:
        def poll_handlers(self) -> PollHandlers:
            return {RoomPolled: lambda e: clock.polled(e.sample.ts)}

    loop = VirtualTimeLoop(100.0)
    try:
        clock = Counted(1.0, 1200.0, 1.0 + 1200.0 / 0.25, monotonic=loop.time, wall=lambda: T0 + 1200.0, step_s=28.0)
        sink = Recorder()
        source = SlowRoom(clock)
        poller = Poller(source, clock, FAST, PollFanOut([sink, Pace()]))

        async def until_caught_up() -> None:
            while clock.catching_up:
                await asyncio.sleep(0.05)
            poller.stop()

        async def both() -> None:
            await asyncio.gather(poller.run(), until_caught_up())

        loop.run_until_complete(both())
    finally:
        loop.close()
    room = [s.ts for s in sink.of("room")]
    assert room[-1] > T0 + 1170 and max(b - a for a, b in zip(room, room[1:])) <= 28.0
    assert poller.skipped == {k: 0 for k in poller.kinds}
    # each kind due past the hold sleeps on it once a step (at most), not again and again until the room's poll is in
    kinds_waiting = len(poller.kinds) - 1
    assert 0 < Counted.looks_held <= kinds_waiting * len(room), (Counted.looks_held, len(room))
