"""The room's own baseline from its cached sessions: built minute by minute from past sessions' samples, loaded by
the alert service when the room becomes known (not from the session being recorded, nor another room's), used
live and by "try on a past session"; `dyconsole record`'s headless monitor loads it too."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyconsole.core.alerts import Direction, NormRule, NormSource, ThresholdRule
from dyconsole.core.alerts.baseline import baseline_metrics, build_baseline, session_minutes
from dyconsole.core.clock import ManualClock
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.services.alerts.recording import headless_monitor, room_baseline, save_rules
from dyconsole.services.alerts.service import AlertService
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder

START = 1_800_000_000.0
ROOM, OTHER = "7300000000000000001", "7300000000000000002"
BELOW_PAST = NormRule(id="past", name="低于往场", metric="online_user_cnt", norm_source=NormSource.BASELINE,
                      margin=0.5, recovery_margin=0.7)


def _samples(start: float, online: float, minutes: int = 10, room: str = ROOM) -> list[RoomSample]:
    return [RoomSample(start + 5 * i, room, RoomStatus.LIVING, {"online_user_cnt": online}) for i in
            range(minutes * 12)]


def test_session_minutes_takes_raw_and_derived_metrics_minute_by_minute() -> None:
    samples = [RoomSample(START + 5 * i, ROOM, RoomStatus.LIVING,
                          {"online_user_cnt": 100.0 + i, "total_live_watch_cnt": 60.0 * i}) for i in range(36)]
    minutes = session_minutes(samples, START, ["online_user_cnt", "entries_per_min"])
    assert list(minutes["online_user_cnt"]) == [105.5, 117.5, 129.5]  # mean of the 12 polls of each minute
    assert minutes["entries_per_min"][2] == pytest.approx(720.0)  # 60 entries a 5-s poll


def test_baseline_metrics_are_those_of_enabled_baseline_rules() -> None:
    category = NormRule(id="c", name="c", metric="gpm")
    threshold = ThresholdRule(id="t", name="t", metric="online", direction=Direction.BELOW, threshold=1.0)
    assert baseline_metrics([BELOW_PAST, category, threshold]) == ["online_user_cnt"]
    assert baseline_metrics([NormRule(id="p", name="p", metric="gpm", norm_source=NormSource.BASELINE,
                                      enabled=False)]) == []
    baseline = build_baseline([(START, _samples(START, 1000.0)), (START + 86400, _samples(START + 86400, 1200.0))],
                              ["online_user_cnt"])
    assert baseline.sessions == 2 and baseline.value("online_user_cnt", 300.0) == 1100.0


def _record(db, clock: ManualClock, start: float, online: float,  # type: ignore[no-untyped-def]
            room: str = ROOM) -> str:
    clock.set(start)
    recorder = Recorder(db, clock)
    recorder.on_room_info(RoomInfo(room, "t", RoomStatus.LIVING, start_time=start))
    for sample in _samples(start, online, room=room):
        clock.advance(max(0.0, sample.ts - clock.now()))
        recorder.on_room(sample)
    session = recorder.session_id
    recorder.close()
    assert session is not None
    return session


@pytest.fixture
def cache(qapp, tmp_path: Path):  # type: ignore[no-untyped-def]
    db = open_db(tmp_path / "s.sqlite3")
    clock = ManualClock(START)
    past = [_record(db, clock, START + day * 86400, online) for day, online in ((0, 1000.0), (1, 1200.0))]
    _record(db, clock, START + 2 * 86400, 10.0, room=OTHER)  # another room's session: not this room's past
    yield db, clock, past
    db.close()


def test_the_service_loads_the_rooms_baseline_and_fires_below_it(cache) -> None:  # type: ignore[no-untyped-def]
    db, clock, past = cache
    assert room_baseline(db, ROOM, [BELOW_PAST]).value("online_user_cnt", 60.0) == 1100.0  # type: ignore[union-attr]
    assert room_baseline(db, ROOM, [BELOW_PAST], exclude=past[:1]) is not None
    start = START + 3 * 86400
    clock.advance(start - clock.now())
    recorder = Recorder(db, clock)
    service = AlertService(clock, db, "en", session_id=lambda: recorder.session_id, rules=[BELOW_PAST],
                           warmup_s=0.0)
    info = RoomInfo(ROOM, "t", RoomStatus.LIVING, start_time=start)
    recorder.on_room_info(info)
    service.monitor.on_room_info(info)
    fired = []
    service.fired.connect(fired.append)
    for online in (900.0, 800.0, 500.0):  # half of the 1,100 baseline is 550
        clock.advance(5)
        sample = RoomSample(clock.now(), ROOM, RoomStatus.LIVING, {"online_user_cnt": online})
        recorder.on_room(sample)
        service.monitor.on_room(sample)
    assert len(fired) == 1 and fired[0].event.reference == 1100.0 and "baseline" in fired[0].message
    recorder.close()
    # "try on a past session": the second past session is judged against the sessions before it only (one
    # session, fewer than the two a baseline needs), so nothing fires; the new one against the two before it
    assert service.replay(past[1]) == []
    replayed = service.replay(recorder.session_id)  # type: ignore[arg-type]
    assert [(e.kind, e.reference) for e in replayed] == [("fired", 1100.0)]


def test_the_recorders_headless_monitor_loads_the_baseline_too(cache) -> None:  # type: ignore[no-untyped-def]
    db, _clock, _past = cache
    save_rules(db, [BELOW_PAST], START)
    monitor = headless_monitor(db, lambda: None, "en")
    assert monitor.engine.baseline is None
    monitor.on_room_info(RoomInfo(ROOM, "t", RoomStatus.LIVING, start_time=START + 3 * 86400))
    assert monitor.engine.baseline is not None and monitor.engine.baseline.sessions == 2
