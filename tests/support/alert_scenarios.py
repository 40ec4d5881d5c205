"""Scenario runs for the alert tests and the detection benchmark: the demo room (emulator, real clients, real
poller) on virtual time, its polls going to an `AlertMonitor`; plus the ground truth of when a condition began.

Only the room and product polls run (flow, audience and orders feed no alert rule), which keeps a simulated hour
to about two real seconds.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Sequence

import httpx
import numpy as np

from dyconsole.core.alerts import AlertEvent, NormTable, Rule
from dyconsole.core.alerts.monitor import AlertMonitor
from dyconsole.core.clock import ScaledClock
from dyconsole.core.feed import PollFanOut, PollIntervals
from dyconsole.emulator.demo import DemoRoom, build_demo
from dyconsole.services.alerts.recording import DEMO_ROOM_NORMS
from dyconsole.services.live.connection import QianchuanLogin, RoomConnection, connect_room
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.sources.poller import Poller
from tests.support.virtual_time import VirtualTimeLoop

START = 1_767_000_000.0
INTERVALS = PollIntervals()
POLL_S = INTERVALS.room


@dataclass
class ScenarioRun:
    events: list[AlertEvent]
    demo: DemoRoom
    frames: int

    def fired(self, rule_id: str | None = None) -> list[AlertEvent]:
        return [e for e in self.events if e.kind == "fired" and (rule_id is None or e.rule_id == rule_id)]

    def event_start(self) -> float:
        """Broadcast time the (first) scenario event began, from the simulator's ground truth."""
        return self.demo.simulator.truth.events[0][1]

    def truth_below(self, level: float, after_ts: float) -> float | None:
        """First broadcast second at or after `after_ts` when the TRUE concurrent viewers were below `level`."""
        concurrent = np.asarray(self.demo.simulator.truth.concurrent)
        first = int(after_ts - START)
        below = np.nonzero(concurrent[first:] < level)[0]
        return None if below.size == 0 else START + first + float(below[0])


async def _run(rules: Sequence[Rule], scenario: str | None, seed: int, duration_s: float, norms: NormTable,
               serve_online: bool) -> ScenarioRun:
    loop = asyncio.get_running_loop()
    clock = ScaledClock(speed=1.0, start=START, monotonic=loop.time)
    demo = build_demo(clock, seed=seed, scenario=scenario, serve_online=serve_online)
    c = demo.credentials.qianchuan
    login = QianchuanLogin(demo.credentials.base_url, c.app_id, c.secret, c.advertiser_id, c.aweme_id, c.auth_code)
    source = await connect_room(RoomConnection(login), clock, MemoryTokenStore(),
                                transport=httpx.ASGITransport(app=demo.app), qps={})
    monitor = AlertMonitor(rules, norms=norms)
    poller = Poller(source, clock, INTERVALS, PollFanOut([monitor]), kinds=("room", "products"))
    try:
        await poller.run(until_ts=START + duration_s)
    finally:
        await source.aclose()
    return ScenarioRun(monitor.events, demo, monitor.frames)


def truth_fire_time(run: ScenarioRun, rules: Sequence[Rule], scenario: str, until_s: float,
                    norms: NormTable = DEMO_ROOM_NORMS) -> float | None:
    """When `rules` would first fire on the ground truth: the same broadcast re-simulated and read EVERY second
    (no polling, no network, no parsing) into a fresh monitor. For a statistical rule "the condition holds" is
    exactly this: its test passing on the true counts."""
    from dyconsole.core.model import RoomSample, RoomStatus
    from dyconsole.emulator.scenarios import load_scenario
    from dyconsole.emulator.sim import Simulator

    config = run.demo.simulator.config
    sim = Simulator(config, scenario=load_scenario(scenario))
    monitor = AlertMonitor(rules, norms=norms)
    for t in range(int(until_s) + 1):
        ts = config.start_ts + t
        sim.advance_to(ts)
        monitor.on_room(RoomSample(ts, config.room_id, RoomStatus.LIVING, dict(sim.room_stats())))
        if any(e.kind == "fired" for e in monitor.events):
            return ts
    return None


def run_scenario(rules: Sequence[Rule], scenario: str | None, seed: int = 1, duration_s: float = 3600.0,
                 norms: NormTable = DEMO_ROOM_NORMS, serve_online: bool = False) -> ScenarioRun:
    """`serve_online`: the room answers with a real online count; by default, as on the real platform, it does
    not and the rules see the console's estimate."""
    loop = VirtualTimeLoop(1000.0)
    try:
        return loop.run_until_complete(_run(rules, scenario, seed, duration_s, norms, serve_online))
    finally:
        loop.close()
