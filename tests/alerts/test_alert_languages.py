"""Alert and rule names follow the UI language: an alert stored under Chinese keeps its rule's id and its message
in both languages, so the English review (the window opened from the sessions) and the English report show it in
English; rows from before (one language, no id) are migrated (a default rule found by its stored name) and shown
with the rule's name translated; a rule the operator named keeps its name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlite_utils import Database

from dyconsole.core.alerts import default_rules
from dyconsole.services.alerts.recording import RULES_EVENT, rules_payload
from dyconsole.core.alerts.defaults import NO_DATA_ID, ONLINE_LOW_ID, rule_label
from dyconsole.core.clock import ManualClock
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.core.report_model import ReportOptions, build_report
from dyconsole.services.alerts.service import AlertService
from dyconsole.services.reports.inputs import load_report_inputs
from dyconsole.storage.alert_store import add_alert, load_alerts
from dyconsole.storage.db import open_db
from dyconsole.storage.migrations import migrate
from dyconsole.storage.recorder import Recorder
from dyconsole.ui.review.launcher import ReviewLauncher
from dyconsole.ui.review.window import ReviewWindow

START = 1_800_000_000.0
ROOM = "7300000000000000001"


def _record_a_chinese_alert(db_path: Path) -> tuple[str, float]:
    db = open_db(db_path)
    clock = ManualClock(START)
    recorder = Recorder(db, clock)
    online_low = next(r for r in default_rules("zh") if r.id == ONLINE_LOW_ID)
    rule = replace(online_low, metric="online_user_cnt", threshold=100.0, recovery=120.0, pending_s=0.0)
    service = AlertService(clock, db, "zh", session_id=lambda: recorder.session_id, rules=[rule], warmup_s=0.0)
    info = RoomInfo(ROOM, "t", RoomStatus.LIVING, start_time=START)
    recorder.on_room_info(info)
    service.monitor.on_room_info(info)
    for online in (300.0, 250.0, 80.0):
        clock.advance(5)
        for sink in (recorder, service.monitor):
            sink.on_room(RoomSample(clock.now(), ROOM, RoomStatus.LIVING, {"online_user_cnt": online}))
    # the rules in force, kept with the session in Chinese: a shipped rule and one the operator named
    recorder.add_event(RULES_EVENT, rules_payload([rule, replace(rule, id="mine", name="直播间冷场")]))
    # an alert of a rule the operator named, and a row from before alerts kept their languages
    add_alert(db, recorder.session_id, "直播间冷场", "online", "warning", clock.now(), "自定义规则触发")
    add_alert(db, recorder.session_id, "数据中断", "", "critical", clock.now() + 1, "数据已中断 70 秒")
    service.shutdown()
    sid = recorder.session_id or ""
    recorder.close()
    db.close()
    return sid, clock.now()


def test_a_chinese_alert_reads_english_in_the_english_review_and_report(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = tmp_path / "s.sqlite3"
    sid, _ = _record_a_chinese_alert(db_path)
    stored = load_alerts(open_db(db_path), sid)
    assert [a.rule for a in stored] == ["在线人数过低", "直播间冷场", "数据中断"]  # as said when they fired
    assert stored[0].rule_id == ONLINE_LOW_ID and stored[0].message_en and stored[0].message_zh

    launcher = ReviewLauncher(db_path, "en")
    try:
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as opened:
            launcher.open_session(sid)
        review = opened.args[0]
        assert isinstance(review, ReviewWindow)
        alerts = [m for m in review.timeline.markers if m.kind == "alert"]
        titles = [m.title for m in alerts]
        assert titles == ["Online viewers low", "直播间冷场", "No data"]
        assert alerts[0].detail == stored[0].message_en and "below" in alerts[0].detail
        assert alerts[2].detail == "数据已中断 70 秒"  # an old row keeps the one message it has
        (rules,) = [m for m in review.timeline.markers if m.title == "Alert rules in force"]
        assert rules.detail == "2 enabled: Online viewers low, 直播间冷场"  # the shipped rule in English
    finally:
        launcher.close_all()

    english = build_report(load_report_inputs(db_path, sid), ReportOptions(lang="en"))
    (table,) = english.tables["alerts"]
    assert [row[3] for row in table.rows] == ["Online viewers low", "直播间冷场", "No data"]
    chinese = build_report(load_report_inputs(db_path, sid), ReportOptions(lang="zh"))
    assert [row[3] for row in chinese.tables["alerts"][0].rows] == [
        "在线人数过低", "直播间冷场", "数据中断"]


def test_old_alert_rows_are_migrated_to_their_default_rules(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    db = Database(path)
    migrate(db, target=4)  # a database from before alerts kept their languages
    db["alerts"].insert({"session_id": "s", "rule": "No data", "fired_at": START, "message": "No new data"})
    db["alerts"].insert({"session_id": "s", "rule": "我的规则", "fired_at": START + 1, "message": "x"})
    migrate(db)
    assert [r["rule_id"] for r in db.query("SELECT rule_id FROM alerts ORDER BY id")] == [NO_DATA_ID, None]
    db.close()
    (old, mine) = load_alerts(open_db(path), "s")
    assert old.in_language("zh") == ("数据中断", "No new data") and mine.in_language("en") == ("我的规则", "x")
    # a default rule the operator renamed keeps the new name
    assert rule_label(NO_DATA_ID, "断流了", "en") == "断流了" and rule_label(NO_DATA_ID, "数据中断", "en") == "No data"
