"""The alert service and the `alerts` verb: fired / resolved / acknowledged alerts stored with the recording
session, rules saved and loaded, an invalid rule refused, a disabled rule's alert cleared, "try on a past
session" over a recorded session, and `dyconsole alerts` as a table and as JSON."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from dyconsole.cli import main
from dyconsole.core.alerts import Direction, NoDataRule, Severity, ThresholdRule, default_rules
from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import Gap
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.services.alerts.recording import load_rules
from dyconsole.services.alerts.service import AlertService
from dyconsole.storage.alert_store import load_alerts
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder

START = 1_800_000_000.0
ROOM = "7300000000000000001"
LOW = ThresholdRule(id="low", name="在线过低", metric="online_user_cnt", direction=Direction.BELOW,
                    threshold=100.0, recovery=120.0, severity=Severity.CRITICAL)


def _sample(ts: float, online: float) -> RoomSample:
    return RoomSample(ts, ROOM, RoomStatus.LIVING, {"online_user_cnt": online})


@pytest.fixture
def setup(qapp, tmp_path: Path):  # type: ignore[no-untyped-def]
    db_path = tmp_path / "s.sqlite3"
    db = open_db(db_path)
    clock = ManualClock(START)
    recorder = Recorder(db, clock)
    service = AlertService(clock, db, "en", session_id=lambda: recorder.session_id, rules=[LOW], warmup_s=0.0)
    yield db_path, db, clock, recorder, service
    db.close()


def _poll(recorder: Recorder, service: AlertService, clock: ManualClock, online: float) -> None:
    clock.advance(5)
    for sink in (recorder, service.monitor):
        sink.on_room(_sample(clock.now(), online))


def test_an_alert_is_stored_with_the_session_then_acknowledged_and_resolved(setup, capsys) -> None:  # type: ignore[no-untyped-def]
    db_path, db, clock, recorder, service = setup
    fired, resolved, acked = [], [], []
    service.fired.connect(fired.append)
    service.resolved.connect(resolved.append)
    service.acknowledged.connect(acked.append)
    info = RoomInfo(ROOM, "t", RoomStatus.LIVING, start_time=START)
    recorder.on_room_info(info)
    service.monitor.on_room_info(info)
    for online in (300, 250, 80):
        _poll(recorder, service, clock, online)
    assert len(fired) == 1 and fired[0].active
    fired_at = clock.now()
    stored = load_alerts(db, recorder.session_id)
    assert [(a.rule, a.metric, a.severity, a.fired_at, a.resolved_at) for a in stored] == [
        ("在线过低", "online_user_cnt", "critical", fired_at, None)]
    assert "below" in stored[0].message and stored[0].value == 80

    clock.advance(1)
    service.acknowledge(fired[0].id)
    service.acknowledge(fired[0].id)  # a second time changes nothing
    assert len(acked) == 1 and load_alerts(db)[0].acknowledged_at == START + 16
    for online in (110, 130):  # 110 is not back over the recovery level yet
        _poll(recorder, service, clock, online)
    assert len(resolved) == 1 and resolved[0].resolved_at == clock.now()
    assert load_alerts(db)[0].resolved_at == clock.now() and service.active == []

    assert main(["alerts", "--db", str(db_path), "--session", recorder.session_id, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["rule"] for r in rows] == ["在线过低"] and rows[0]["severity"] == "critical"
    assert rows[0]["fired_at"].startswith("2027-01-15") and rows[0]["resolved_at"] is not None
    assert {"metric", "message", "acknowledged_at"} <= set(rows[0])
    assert main(["alerts", "--db", str(db_path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:4] == ["id", "session", "severity", "rule"] and "在线过低" in table[1]
    assert main(["alerts", "--db", str(db_path), "--session", "no-such"]) == 3
    assert "no-such" in capsys.readouterr().err
    assert main(["alerts", "--db", str(db_path.parent / "missing.sqlite3")]) == 3


def test_rules_are_saved_loaded_and_validated_and_a_disabled_rule_clears_its_alert(setup) -> None:  # type: ignore[no-untyped-def]
    _db_path, db, clock, recorder, service = setup
    assert [r.id for r in load_rules(None, "en")] == [r.id for r in default_rules("en")]  # nothing saved yet
    resolved = []
    service.resolved.connect(resolved.append)
    _poll(recorder, service, clock, 50)
    assert [r.event.rule_id for r in service.active] == ["low"]
    stale = NoDataRule(id="stale", name="stale", max_age_s=30.0)
    service.set_rules([replace(LOW, enabled=False), stale])
    assert len(resolved) == 1 and service.active == []
    assert {r.id: r.enabled for r in load_rules(db)} == {"low": False, "stale": True}
    with pytest.raises(ValueError, match="recovery"):
        service.set_rules([replace(LOW, recovery=10.0)])
    assert [r.id for r in service.rules] == ["low", "stale"]  # unchanged by the refused set
    # a hung source: no poll at all, only the service's tick
    service.monitor.on_gap(Gap("room", clock.now() + 5, "timeout"))
    clock.advance(60)
    service.tick()
    assert [r.event.rule_id for r in service.active] == ["stale"]


def test_try_on_a_past_session_replays_the_recorded_polls(setup) -> None:  # type: ignore[no-untyped-def]
    _db_path, _db, clock, recorder, service = setup
    recorder.on_room_info(RoomInfo(ROOM, "t", RoomStatus.LIVING, start_time=START))
    for online in (300, 90, 95, 300, 60):
        clock.advance(5)
        recorder.on_room(_sample(clock.now(), online))
    recorder.on_gap(Gap("room", clock.now() + 5, "HTTP 503"))
    session = recorder.session_id
    recorder.close()
    events = service.replay(session)
    assert [(e.kind, e.ts - START) for e in events] == [("fired", 10.0), ("resolved", 20.0), ("fired", 25.0)]
    no_data = NoDataRule(id="nd", name="nd", max_age_s=4.0)
    assert [(e.kind, e.rule_id) for e in service.replay(session, [no_data])] == [("fired", "nd")]


def test_the_shipped_online_level_fits_the_room(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The demo room (~1,500 viewers, its drop falls to ~300) ships "online below 500"; other rooms 50."""
    from dyconsole.core.alerts import EXAMPLE_NORMS
    from dyconsole.core.alerts.defaults import ONLINE_LOW_ID
    from dyconsole.services.alerts.recording import DEMO_ROOM_NORMS, headless_monitor

    def level(rules) -> float:  # type: ignore[no-untyped-def]
        return next(r.threshold for r in rules if r.id == ONLINE_LOW_ID)

    clock = ManualClock(START)
    assert level(AlertService(clock, None, "en", norms=DEMO_ROOM_NORMS).rules) == 500.0
    assert level(AlertService(clock, None, "en", norms=EXAMPLE_NORMS).rules) == 50.0
    db = open_db(tmp_path / "h.sqlite3")
    assert level(headless_monitor(db, lambda: None, "en", DEMO_ROOM_NORMS).rules) == 500.0
    db.close()
