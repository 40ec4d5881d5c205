"""The alert rules in force are kept with each recorded session (an event at its start, and again when the
operator changes them mid-session), and the review timeline names them."""

from __future__ import annotations

import json
from dataclasses import replace

from dyconsole.core.clock import ManualClock
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.services.alerts.recording import RULES_EVENT
from dyconsole.services.alerts.service import AlertService
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder
from dyconsole.ui.review.timeline import rules_detail


def _events(db, sid):  # type: ignore[no-untyped-def]
    return [(r["kind"], json.loads(r["payload"])) for r in
            db.query("SELECT kind, payload FROM events WHERE session_id = ? ORDER BY id", [sid])]


def test_a_session_keeps_the_rules_in_force_and_their_changes(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    clock = ManualClock()
    db = open_db(tmp_path / "r.db")
    recorder = Recorder(db, clock, source="demo")
    service = AlertService(clock, db, "zh", session_id=lambda: recorder.session_id)
    service.keep_rules_with_sessions(recorder)
    recorder.on_room_info(RoomInfo("room1", "Room", RoomStatus.LIVING, start_time=clock.now()))
    recorder.on_room(RoomSample(clock.now(), "room1", RoomStatus.LIVING, {"total_live_watch_cnt": 1.0}))
    sid = recorder.session_id
    rules = service.rules
    clock.advance(60)
    service.set_rules([replace(rules[0], enabled=False), *rules[1:]])  # the operator turns one rule off
    recorder.close()

    kept = [payload for kind, payload in _events(db, sid) if kind == RULES_EVENT]
    assert len(kept) == 2
    assert [r["id"] for r in kept[0]["rules"]] == [r.id for r in rules]
    assert kept[0]["rules"][0]["enabled"] is True and kept[1]["rules"][0]["enabled"] is False
    text = rules_detail(kept[1])
    assert text.startswith(f"{len(rules) - 1} ") and rules[1].name in text and rules[0].name not in text


def test_rules_detail_of_nothing_is_empty() -> None:
    assert rules_detail(None) == "" and rules_detail({"rules": []}) == ""
