"""The emulator's shared request state: `EmulatorState` (simulator, broadcast clock, auth, QPS windows, faults)
and who the emulated accounts are (`RoomIdentity`). Every endpoint module reads and changes it; it imports none
of them.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Mapping, Protocol

from dyconsole.emulator.auth import DoudianAuth, QianchuanAuth
from dyconsole.emulator.faults import FaultInjector, FaultSpec
from dyconsole.emulator.ratelimit import QpsLimiter


class BroadcastClock(Protocol):
    def now(self) -> float: ...


@dataclass
class RoomIdentity:
    """Who the emulated accounts are: the ids the credentials are bound to."""

    advertiser_id: str
    aweme_id: str
    room_id: str
    shop_id: str
    start_ts: float
    duration_s: float | None = None  # None: the room is listed up to today

    def live_dates(self, now: float, day: Callable[[float], str]) -> set[str]:
        """The days (as `day` formats them) the room was live on, up to now: `room/get` lists it on each."""
        end = now if self.duration_s is None else min(now, self.start_ts + self.duration_s)
        dates, ts = set(), self.start_ts
        while ts < end:
            dates.add(day(ts))
            ts += 86_400
        dates.add(day(max(self.start_ts, end)))
        return dates


class EmulatorState:
    """Everything a request may read or change: simulator, clock, auth, QPS windows, faults."""

    def __init__(self, simulator: Any, clock: BroadcastClock, identity: RoomIdentity, qianchuan: QianchuanAuth,
                 doudian: DoudianAuth, faults: FaultSpec | None = None, fault_seed: int = 0,
                 qps: Mapping[str, float] | None = None, wall: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, serve_online: bool = False) -> None:
        self.sim = simulator
        #: the official APIs carry no concurrent-online count (API.md): the room answers without online_user_cnt
        #: unless told to, so the console shows its estimate as it will against the real platform
        self.serve_online = serve_online
        self.clock = clock
        self.identity = identity
        self.qianchuan = qianchuan
        self.doudian = doudian
        self.limiter = QpsLimiter(qps)
        self.wall = wall  # real time: Doudian timestamps and request ids
        self.sleep = sleep  # real waits: latency and timeout faults
        self.injector = FaultInjector(faults, seed=fault_seed)
        self.set_faults(self.injector.spec)
        self._ids = itertools.count(1)

    def now(self) -> float:
        """Broadcast now, with the simulator advanced to it."""
        now = self.clock.now()
        if now > self.sim.now_ts:
            self.sim.advance_to(now)
        return now

    @property
    def faults(self) -> FaultSpec:
        return self.injector.spec

    def set_faults(self, spec: FaultSpec) -> None:
        self.injector.spec = spec
        self.qianchuan.book.access_ttl_override = spec.expire_tokens
        self.doudian.book.access_ttl_override = spec.expire_tokens

    def next_id(self) -> str:
        """A request_id / log_id: the wall time plus a counter, like the real services' ids."""
        return f"{time.strftime('%Y%m%d%H%M%S', time.gmtime(self.wall()))}{next(self._ids):010d}"
