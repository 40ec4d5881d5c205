"""The `Poller`: polls a `LiveRoomSource` on the broadcast clock and publishes every result into a
`core.feed.PollFanOut` (which derives the room samples once and hands the events to the listeners).

- Each poll kind (core.feed.POLL_KINDS) runs in its own task on its own interval, on a fixed grid of ticks
  scheduled by deadline (sources.poll_schedule): a kind never overlaps itself; a tick that comes due while the
  previous poll still runs (or while the event loop was busy) is polled at once when that one ends, within its
  interval; a tick whose whole interval passed first is given up (the ticks do not pile up) and counted: the
  poller fell behind. `skipped` counts them per kind; they are published as `PollsSkipped` (at once, then at most
  once a `SKIP_REPORT_S` of broadcast time, and the rest when the poller stops) and logged. Ticks given up while a
  catch-up clock (the demo room's history) runs ahead by design, or jumped over by the clock, are not counted.
- Connection state: ok (every kind's last poll worked), degraded (some kind's last poll failed), down (the room
  poll, the heartbeat, failed `down_after` times in a row, or Qianchuan refused the authorization). The orders
  come from another platform (Doudian): their failures, a lost Doudian authorization included, make the state at
  worst degraded, with the error labelled "orders: ..." ("authorize Doudian again"), and never slow the room. A
  change of state is logged once and published as `HealthChanged` (so is a change of the kind whose error is shown);
  back to ok, the old error is cleared.
- Back-off while down: the room data kinds (products, flow, audience) poll every other tick; the heartbeat keeps
  its interval (the client's retries inside a poll are its back-off), so once the faults stop the next room poll
  comes within one interval of the last faulted request. Only while Qianchuan refuses the authorization does the
  heartbeat poll every other tick too (each poll then costs a refused token refresh). When the heartbeat comes
  back, the other kinds' failures from the outage are forgotten and every kind polls at once.
- Each kind's loop gives the event loop a turn every tick, so an absurd clock speed cannot starve a stop or a
  signal.
- While a catch-up clock runs ahead (the demo room's history, polled in a few real seconds), the room's data kinds
  and the orders are polled at most every CATCH_UP_DATA_EVERY_S[kind] broadcast seconds (their ticks in between are
  passed over, uncounted): the history's room samples keep their density, its products and orders come a minute
  apart, its traffic and audience (shown as their latest answer) five minutes apart, and the history takes fewer real
  seconds. Once caught up every kind polls on its own interval.
- Every failed poll, and every tick skipped while down, is a `Gap` (never a zero sample).
- The room: found with `find_live_room()`; `RoomInfoChanged` when found and whenever its status changes; the poller
  stops by itself once the FINISH status is seen (that sample is the final one), or at `until_ts`.
- Orders: incremental by update time, each query overlapping the previous one by `order_overlap_s` (the listeners
  dedupe by order_id).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Protocol, Sequence

from dyconsole.core.clock import Clock, catching_up, held_for_poll_s
from dyconsole.core.feed import (
    POLL_KINDS,
    AudiencePolled,
    FlowPolled,
    Gap,
    HealthChanged,
    OrdersPolled,
    PollIntervals,
    PollPublisher,
    PollsSkipped,
    ProductsPolled,
    RoomInfoChanged,
)
from dyconsole.core.model import (
    AudienceSample,
    ConnectionState,
    FlowSample,
    OrderRecord,
    ProductSample,
    RoomInfo,
    RoomSample,
    RoomStatus,
    SourceHealth,
)
from dyconsole.sources.errors import AuthFailed, SourceError
from dyconsole.sources.poll_schedule import TICK_TOLERANCE, TickGrid
from dyconsole.sources.timing import real_wait

log = logging.getLogger(__name__)

DEFAULT_ORDER_OVERLAP_S = 120.0
#: how far back the first orders query reaches when the room's start time is unknown
DEFAULT_ORDER_LOOKBACK_S = 3600.0
SKIPPED_WHILE_DOWN = "skipped: source down"
#: the poll kind served by Doudian; every other kind is Qianchuan's
ORDERS = "orders"
#: broadcast seconds between two `PollsSkipped` reports while the poller keeps falling behind
SKIP_REPORT_S = 60.0
#: while a catch-up clock runs ahead, every kind but the room's heartbeat is polled at most this often (broadcast s):
#: the products and the orders a minute apart (the products tab has a column a minute); the traffic and the audience,
#: which the window shows as their latest answer, five minutes apart (the audience is six requests a poll)
CATCH_UP_DATA_EVERY_S: dict[str, float] = {"products": 60.0, "orders": 60.0, "flow": 300.0, "audience": 300.0}


class RoomSource(Protocol):
    """What the poller needs of a source (LiveRoomSource, or a fake in tests)."""

    async def find_live_room(self) -> RoomInfo | None: ...

    async def room_info(self, room_id: str) -> RoomInfo: ...

    async def room_sample(self, room_id: str) -> RoomSample: ...

    async def products(self, room_id: str) -> list[ProductSample]: ...

    async def flow(self, room_id: str) -> list[FlowSample]: ...

    async def audience(self, room_id: str) -> list[AudienceSample]: ...

    async def orders(self, since_update_ts: float, until_ts: float) -> list[OrderRecord] | None: ...


class Poller:
    def __init__(
        self,
        source: RoomSource,
        clock: Clock,
        intervals: PollIntervals,
        fanout: PollPublisher,
        *,
        down_after: int = 3,
        kinds: Sequence[str] = POLL_KINDS,
        order_overlap_s: float = DEFAULT_ORDER_OVERLAP_S,
    ) -> None:
        unknown = set(kinds) - set(POLL_KINDS)
        if unknown or "room" not in kinds:
            raise ValueError(f"poll kinds must include 'room' and come from {POLL_KINDS}")
        self.source = source
        self.clock = clock
        self.intervals = intervals
        self.fanout = fanout
        self.down_after = max(1, down_after)
        self.kinds = tuple(kinds)
        self.order_overlap_s = order_overlap_s
        self.health = SourceHealth(ConnectionState.OK)
        self.room: RoomInfo | None = None
        self.finished = False
        self.polls: dict[str, int] = {k: 0 for k in self.kinds}
        self._fails: dict[str, int] = {k: 0 for k in self.kinds}
        self._errors: dict[str, str] = {}
        self._auth_error: dict[str, str] = {}
        self._shown: str | None = None  # the kind whose error the health shows
        self._orders_since: float | None = None
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._grids: dict[str, TickGrid] = {}
        self._last_tick: dict[str, float] = {}  # the tick each kind was last polled at (broadcast time)
        self.skipped: dict[str, int] = {k: 0 for k in self.kinds}  # ticks missed: the poller fell behind
        self._unreported: dict[str, int] = {}
        self._reported_at: float | None = None

    # --- control ------------------------------------------------------------------------------------------
    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    @property
    def auth_lost(self) -> str | None:
        """The error while Qianchuan refuses the authorization for good (only a new authorization helps), else
        None."""
        return self._qianchuan_auth_error()

    async def run(self, until_ts: float | None = None) -> None:
        """Poll until stopped, until the room finishes, or until broadcast time `until_ts`. A `stop()` that came
        before `run()` is honoured: it returns at once. A poller runs once."""
        tasks = [asyncio.create_task(self._loop(kind), name=f"poll-{kind}") for kind in self.kinds]
        if until_ts is not None:
            tasks.append(asyncio.create_task(self._stop_at(until_ts), name="poll-until"))
        try:
            await self._stop.wait()
        finally:
            self._stop.set()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self._report_skips(final=True)

    async def _stop_at(self, ts: float) -> None:
        await self._sleep_until(ts)
        self.stop()

    async def _sleep_until(self, ts: float) -> None:
        while not self._stop.is_set():
            remaining = ts - self.clock.now()
            if remaining <= 0:
                return
            try:
                await asyncio.wait_for(self._stop.wait(), real_wait(self.clock, remaining))
            except asyncio.TimeoutError:
                pass

    def _real_wait(self, remaining: float) -> float:
        """Real seconds to sleep for `remaining` broadcast seconds. While a paced catch-up clock (the demo room's
        history, core.clock.CatchUpClock) holds for the room's next poll, its time passes only once that poll is in:
        the sleep lasts until the hold would give up, and the room poll's end wakes the sleepers to look again
        (`_room_tick_done`). Looking again every few real ms instead (the remaining time at the catch-up's speed)
        took ~100 turns of the event loop a step of the window's catch-up, on the UI thread."""
        return self.clock.real_seconds(remaining) + held_for_poll_s(self.clock)

    def _room_tick_done(self) -> None:
        """The room's tick was polled (a sample or a gap): a catch-up clock held for it moves on, and the kinds
        sleeping on it look again (without moving their ticks, as `_wake_all` does)."""
        if catching_up(self.clock):
            wake, self._wake = self._wake, asyncio.Event()
            wake.set()

    async def _sleep_until_due(self, kind: str) -> None:
        """Sleep until this kind's next tick, or until the poller wakes every kind (recovery) or stops."""
        while not self._stop.is_set():
            remaining = self._grids[kind].due - self.clock.now()
            if remaining <= 0:
                return
            wake = self._wake
            try:
                await asyncio.wait_for(wake.wait(), self._real_wait(remaining))
            except asyncio.TimeoutError:
                pass

    def _wake_all(self) -> None:
        now, real_now = self.clock.now(), _real_now()
        for grid in self._grids.values():
            grid.set_due(min(grid.due, now), real_now)
        wake, self._wake = self._wake, asyncio.Event()
        wake.set()

    # --- the per-kind loop --------------------------------------------------------------------------------
    async def _loop(self, kind: str) -> None:
        grid = self._grids[kind] = TickGrid(self.intervals.of(kind), self.clock, _real_now())
        tick = 0
        while not self._stop.is_set():
            await asyncio.sleep(0)  # one turn for the others every tick, even when every tick is due at once
            await self._sleep_until_due(kind)
            if self._stop.is_set():
                return
            polled = kind == "room" or self.room is not None
            if polled:
                self._count_skips(kind, grid.skip_missed(_real_now()))
                self._report_skips()
            if polled and not self._passed_over(kind, grid.due):
                self._last_tick[kind] = grid.due
                if self._backs_off(kind) and tick % 2 == 1:
                    self._gap(kind, SKIPPED_WHILE_DOWN)
                elif not await self._poll(kind):
                    return  # this kind has nothing to poll (no Doudian connection)
                if kind == "room":
                    self._room_tick_done()
                tick += 1
                self._report_skips()
            grid.advance()  # due already (this poll ran long): polled at once, within its interval

    def _passed_over(self, kind: str, due: float) -> bool:
        """While a catch-up clock runs ahead, a data kind's tick that comes sooner than CATCH_UP_DATA_EVERY_S[kind]
        after its last poll is passed over (see the module doc); once caught up, the next tick is polled."""
        last = self._last_tick.get(kind)
        if kind == "room" or last is None or not catching_up(self.clock):
            return False
        return due - last < CATCH_UP_DATA_EVERY_S.get(kind, min(CATCH_UP_DATA_EVERY_S.values())) - TICK_TOLERANCE

    def _count_skips(self, kind: str, missed: int) -> None:
        """`missed` ticks of `kind` were given up: the poller fell behind (not counted while a catch-up clock runs
        ahead of the polls by design)."""
        if missed <= 0 or catching_up(self.clock):
            return
        self.skipped[kind] += missed
        self._unreported[kind] = self._unreported.get(kind, 0) + missed

    def _report_skips(self, final: bool = False) -> None:
        """Publish the skips not reported yet: at once after a quiet spell, then at most once a SKIP_REPORT_S of
        broadcast time; `final`: whatever is left (the poller stops)."""
        if not self._unreported:
            return
        now = self.clock.now()
        if not final and self._reported_at is not None and now - self._reported_at < SKIP_REPORT_S:
            return
        new, self._unreported = self._unreported, {}
        self._reported_at = now
        total = sum(self.skipped.values())
        event = PollsSkipped(now, sum(new.values()), total, tuple(new.items()))
        log.warning("falling behind: %s: the machine cannot keep up with this speed", event.summary())
        self.fanout.publish(event)

    def _backs_off(self, kind: str) -> bool:
        """Whether `kind` polls only every other tick now: the room data kinds while down; the heartbeat only while
        Qianchuan refuses the authorization; the orders (another platform) never."""
        if self.health.state is not ConnectionState.DOWN or kind == ORDERS:
            return False
        return kind != "room" or self._qianchuan_auth_error() is not None

    async def _poll(self, kind: str) -> bool:
        """One poll of `kind`; False when the kind turns out to be unavailable for good."""
        self.polls[kind] += 1
        try:
            if kind == "room":
                await self._poll_room()
            elif kind == "orders":
                if not await self._poll_orders():
                    return False
            else:
                await self._poll_room_data(kind)
        except asyncio.CancelledError:
            raise
        except SourceError as err:
            self._failed(kind, err)
            return True
        except Exception as err:  # noqa: BLE001 - a bug in parsing must cost a poll, not the poller
            log.exception("%s poll failed unexpectedly", kind)
            self._failed(kind, SourceError(f"internal error: {type(err).__name__}"))
            return True
        self._succeeded(kind)
        return True

    async def _poll_room(self) -> None:
        if self.room is None:
            info = await self.source.find_live_room()
            if info is None:
                return  # the service answered: no room today yet
            self.room = info
            self.fanout.publish(RoomInfoChanged(info))
        sample = await self.source.room_sample(self.room.room_id)
        if sample.status is not self.room.status and sample.status is not RoomStatus.UNKNOWN:
            await self._status_changed(sample.status)
        self.fanout.publish(sample)  # derived once, there
        if sample.status is RoomStatus.FINISH:
            self.finished = True
            log.info("room %s finished: polling stops", sample.room_id)
            self.stop()

    async def _status_changed(self, status: RoomStatus) -> None:
        assert self.room is not None
        try:
            info = await self.source.room_info(self.room.room_id)
            if info.status is not status:
                info = dataclasses.replace(info, status=status)
        except SourceError:
            info = dataclasses.replace(self.room, status=status)
        log.info("room %s: %s -> %s", info.room_id, self.room.status.value, status.value)
        self.room = info
        self.fanout.publish(RoomInfoChanged(info))

    async def _poll_room_data(self, kind: str) -> None:
        assert self.room is not None
        room_id = self.room.room_id
        if kind == "products":
            items = await self.source.products(room_id)
            self.fanout.publish(ProductsPolled(items[0].ts if items else self.clock.now(), tuple(items)))
        elif kind == "flow":
            for flow in await self.source.flow(room_id):
                self.fanout.publish(FlowPolled(flow))
        elif kind == "audience":
            for sample in await self.source.audience(room_id):
                self.fanout.publish(AudiencePolled(sample))

    async def _poll_orders(self) -> bool:
        assert self.room is not None
        until = self.clock.now()
        since = self._orders_since
        if since is None:
            start = self.room.start_time
            since = (start if start is not None else until - DEFAULT_ORDER_LOOKBACK_S) - self.order_overlap_s
        orders = await self.source.orders(since, until)
        if orders is None:
            log.info("no Doudian connection: orders are not polled")
            return False
        self._orders_since = until - self.order_overlap_s
        self.fanout.publish(OrdersPolled(self.clock.now(), tuple(orders)))
        return True

    # --- outcomes and health ------------------------------------------------------------------------------
    def _gap(self, kind: str, error: str) -> None:
        self.fanout.publish(Gap(kind=kind, ts=self.clock.now(), error=error))

    def _failed(self, kind: str, err: SourceError) -> None:
        self._fails[kind] += 1
        # the health message names the poll kind where the endpoint alone would not ("orders: ...")
        self._errors[kind] = str(err) if kind == "room" else f"{kind}: {err}"
        if isinstance(err, AuthFailed):
            self._auth_error[kind] = self._errors[kind]
        self._gap(kind, str(err))
        self._update_health()

    def _succeeded(self, kind: str) -> None:
        recovering = kind == "room" and self.health.state is ConnectionState.DOWN
        self._fails[kind] = 0
        self._errors.pop(kind, None)
        self._auth_error.pop(kind, None)
        if recovering:
            for other in [k for k in self._errors if k != "room"]:
                if other not in self._auth_error:
                    self._errors.pop(other)
                    self._fails[other] = 0
            self._wake_all()
        self.health = dataclasses.replace(self.health, last_ok_ts=self.clock.now())
        self._update_health()

    def _qianchuan_auth_error(self) -> str | None:
        return next((e for k, e in self._auth_error.items() if k != ORDERS), None)

    def _update_health(self) -> None:
        """The state and the error shown with it. `on_health` is sent when the state changes, and when the kind
        whose error is shown changes within a state (say products recovered while the Doudian authorization is
        still lost): what the operator sees is then never another kind's old error."""
        qianchuan_auth = next((k for k in self._auth_error if k != ORDERS), None)
        shown: str | None
        if qianchuan_auth is not None:
            state, shown = ConnectionState.DOWN, qianchuan_auth
        elif self._fails["room"] >= self.down_after:
            state, shown = ConnectionState.DOWN, "room"
        elif self._errors:
            # what needs the operator first (a lost Doudian authorization); else the error shown while it lasts
            # (no churn between kinds failing together); else the heartbeat's, else the first
            shown = next(iter(self._auth_error), None)
            if shown is None:
                shown = self._shown if self._shown in self._errors else (
                    "room" if "room" in self._errors else next(iter(self._errors)))
            state = ConnectionState.DEGRADED
        else:
            state, shown = ConnectionState.OK, None
        error = self._errors.get(shown, "") if shown is not None else ""
        if state is self.health.state and shown == self._shown:
            if error != self.health.last_error:
                self.health = dataclasses.replace(self.health, last_error=error)
            return
        changed = state is not self.health.state
        self._shown = shown
        self.health = SourceHealth(state=state, last_error=error, last_ok_ts=self.health.last_ok_ts,
                                   changed_at=self.clock.now() if changed else self.health.changed_at)
        if state is ConnectionState.OK:
            log.info("source connection ok")
        elif changed:
            log.warning("source connection %s: %s", state.value, error)
        else:
            log.info("source connection still %s, now: %s", state.value, error)
        self.fanout.publish(HealthChanged(self.health))


def _real_now() -> float:
    """The running event loop's time (virtual on a virtual-time loop): the real time the tick grids compare with."""
    return asyncio.get_running_loop().time()
