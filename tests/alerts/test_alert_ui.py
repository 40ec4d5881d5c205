"""The alert UI with pytest-qt (offscreen): the banner shows the newest unacknowledged alert and leaves once
acknowledged; the log lists and acknowledges; markers land on every chart; sound only when turned on; the tray is
skipped where there is none; the rules editor puts each validation message next to its field, saves, disables,
and tries a rule on a recorded session."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit

from dyconsole.core.alerts import Direction, ThresholdRule
from dyconsole.core.clock import ManualClock
from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus
from dyconsole.services.alerts import past_sessions
from dyconsole.services.alerts.service import AlertService
from dyconsole.services.live.feed import LiveFeed
from dyconsole.storage.db import open_db
from dyconsole.storage.recorder import Recorder
from dyconsole.ui.alerts.attachment import attach_alerts
from dyconsole.ui.alerts.banner import AlertBanner
from dyconsole.ui.alerts.log_view import AlertLogView
from dyconsole.ui.alerts.rules_dialog import AlertRulesDialog, AlertRulesPanel
from dyconsole.ui.main_window import MainWindow

START = 1_800_000_000.0
ROOM = "7300000000000000001"
LOW = ThresholdRule(id="low", name="Online low", metric="online_user_cnt", direction=Direction.BELOW,
                    threshold=100.0, recovery=120.0)


@pytest.fixture
def env(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    db = open_db(tmp_path / "s.sqlite3")
    clock = ManualClock(START)
    recorder = Recorder(db, clock)
    service = AlertService(clock, db, "en", session_id=lambda: recorder.session_id, rules=[LOW], warmup_s=0.0)
    window = MainWindow(LiveFeed(clock), "en")  # the real live window: the alerts plug into its seams
    qtbot.addWidget(window)
    yield db, clock, recorder, service, window
    window.close()
    db.close()


def _poll(clock, recorder, service, online) -> None:  # type: ignore[no-untyped-def]
    clock.advance(5)
    sample = RoomSample(clock.now(), ROOM, RoomStatus.LIVING, {"online_user_cnt": online})
    recorder.on_room(sample)
    service.monitor.on_room(sample)


def test_banner_log_markers_and_acknowledge(env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _db, clock, recorder, service, window = env
    sound = {"on": False}
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    ui = attach_alerts(window, service, lambda: sound["on"])
    window.resize(1200, 700)
    window.show()
    banner = window.findChild(AlertBanner)  # what the operator sees, found through the window
    log = window.findChild(AlertLogView)
    assert banner is ui.banner and log is ui.log
    assert window.side_tab_keys()[-1] == "alerts"
    assert ui.tray is None  # offscreen: no system tray, skipped quietly
    assert banner.isHidden()
    _poll(clock, recorder, service, 50)
    assert banner.isVisible() and "below" in banner.text.text()
    assert banner.width() >= window.centralWidget().width() - 40  # full width
    assert banner.geometry().bottom() < window.tiles.geometry().top()  # above the tiles and the charts
    assert beeps == []  # sound is off by default
    assert all(len(panel.plot.items) > 0 for panel in window.charts.panels)
    lines = ui.markers.lines[0]
    assert len(lines) == len(window.charts.panels) and lines[0].value() == clock.now()
    # live, the newest alert sits at the right edge of the chart: its name is written to the left of the line
    top = window.charts.panels[0].plot
    top.setXRange(clock.now() - 600, clock.now(), padding=0)
    QApplication.processEvents()
    label, line_x = lines[0].label, lines[0].mapToScene(lines[0].pos()).x()
    text = label.mapRectToScene(label.boundingRect())
    assert label.toPlainText() == "Online low" and text.right() <= line_x + 1 and text.width() > 10
    window.show_side_tab("alerts")
    assert log.isVisible() and log.table.rowCount() == 1 and log.table.item(0, 4).text() == "Active"

    sound["on"] = True
    _poll(clock, recorder, service, 300)  # clears
    assert banner.isVisible() and "condition cleared" in banner.detail.text()  # stays until acknowledged
    assert ui.markers.regions[0][0].getRegion() == (START + 5, START + 10)
    assert all(region in panel.plot.items for region, panel in zip(ui.markers.regions[0], window.charts.panels))
    service.set_rules([LOW, ThresholdRule(id="high", name="Busy", metric="online_user_cnt",
                                          direction=Direction.ABOVE, threshold=1000.0)])
    _poll(clock, recorder, service, 2000)
    assert beeps == [1]
    assert banner.shown.event.rule_id == "high" and "1 more" in banner.detail.text()
    qtbot_click(banner.ack_button)
    assert banner.shown.event.rule_id == "low"
    log.table.selectRow(1)  # newest first: row 1 is the first alert
    qtbot_click(log.ack_button)
    assert banner.isHidden()
    assert all(r.acknowledged_at is not None for r in service.records)
    assert log.table.item(1, 5).text() != "No"


def test_the_alerts_menu_opens_the_rules_and_acknowledges_all(env) -> None:  # type: ignore[no-untyped-def]
    _db, clock, recorder, service, window = env
    kept = attach_alerts(window, service)  # the composition root keeps the attachment; so does the test
    window.show()
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&Console", "&View", "&Alerts"]  # a feature's menu comes after the window's own
    rules, ack_all = window.menu_actions("alerts")
    _poll(clock, recorder, service, 50)
    banner = window.findChild(AlertBanner)
    assert banner.isVisible()
    ack_all.trigger()
    assert banner.isHidden() and all(r.acknowledged_at is not None for r in service.records)
    rules.trigger()
    dialog = window.findChild(AlertRulesDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    assert kept.rules_dialog is dialog


def qtbot_click(button) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def _record_past_session(clock, recorder) -> None:  # type: ignore[no-untyped-def]
    """A short recorded session whose online count falls below LOW twice (at 10 s and 25 s)."""
    recorder.on_room_info(RoomInfo(ROOM, "Demo", RoomStatus.LIVING, start_time=START))
    for online in (300, 80, 90, 300, 70):
        clock.advance(5)
        recorder.on_room(RoomSample(clock.now(), ROOM, RoomStatus.LIVING, {"online_user_cnt": online}))
    recorder.close()


def test_rules_editor_validates_each_field_saves_disables_and_tries_a_past_session(env, qtbot) -> None:  # type: ignore[no-untyped-def]
    db, clock, recorder, service, _window = env
    _record_past_session(clock, recorder)
    panel = AlertRulesPanel(service)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    editor = panel.editor
    threshold = editor.widgets["threshold"]
    recovery = editor.widgets["recovery"]
    name = editor.widgets["name"]
    assert isinstance(threshold, QLineEdit) and isinstance(recovery, QLineEdit) and isinstance(name, QLineEdit)
    threshold.setText("abc")
    recovery.setText("50")
    name.setText(" ")
    assert not panel.save_current()
    assert editor.errors["threshold"].isVisible() and "number" in editor.errors["threshold"].text()
    assert editor.errors["name"].isVisible() and "name" in editor.errors["name"].text()
    assert not editor.errors["pending_s"].isVisible()
    threshold.setText("100")  # now the recovery level is on the wrong side of the level
    name.setText("Online low")
    assert not panel.save_current()
    assert editor.errors["recovery"].isVisible() and "recovery" in editor.errors["recovery"].text()
    assert not editor.errors["threshold"].isVisible()
    assert service.rules == [LOW]  # nothing saved while invalid
    assert panel.try_current() is False and "red" in panel.try_summary.text()  # nor tried, and it says why

    # try it as edited on the recorded session: fires at 80, clears at 300, fires again at 70
    recovery.setText("120")
    assert panel.session_box.count() == 1
    with qtbot.waitSignal(panel.tried, timeout=10_000) as tried:
        assert panel.try_current() is True
    events = tried.args[0]
    assert [(e.kind, e.ts - START) for e in events] == [("fired", 10.0), ("resolved", 20.0), ("fired", 25.0)]
    assert panel.try_results.count() == 3 and "2" in panel.try_summary.text()

    editor.widgets["pending_s"].setText("30")
    assert panel.save_current()
    assert service.rules[0].pending_s == 30.0
    panel.list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert service.rules[0].enabled is False
    enabled = panel.editor.widgets["enabled"]
    assert isinstance(enabled, QCheckBox) and not enabled.isChecked()

    panel.new_kind.setCurrentIndex(panel.new_kind.findData("no_data"))
    panel.new_rule()
    panel.editor.widgets["max_age_s"].setText("0")
    assert not panel.save_current() and panel.editor.errors["max_age_s"].isVisible()
    panel.editor.widgets["max_age_s"].setText("45")
    assert panel.save_current()
    assert [r.kind for r in service.rules] == ["threshold", "no_data"]
    panel.delete_rule()
    assert [r.id for r in service.rules] == ["low"]


def test_trying_a_rule_leaves_the_ui_thread_free(env, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The replay runs in a worker: while it is held up there, the UI thread keeps turning (a timer fires), the
    panel (opened from the window's Alerts menu) says it is working with its Try button off; the result is listed
    when the worker is done."""
    _db, clock, recorder, service, window = env
    _record_past_session(clock, recorder)
    kept = attach_alerts(window, service)
    window.show()
    started, release = threading.Event(), threading.Event()
    threads: list[int] = []
    real = past_sessions.replay_rules

    def held(*args):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        started.set()
        assert release.wait(10), "held on the UI thread: nothing could release it"
        return real(*args)

    monkeypatch.setattr(past_sessions, "replay_rules", held)
    window.menu_actions("alerts")[0].trigger()  # Alert rules…
    dialog = window.findChild(AlertRulesDialog)
    assert dialog is not None and dialog is kept.rules_dialog
    panel = dialog.panel
    ticks: list[int] = []
    timer = QTimer(panel)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    assert panel.try_current() is True
    assert started.wait(5)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)  # the UI thread turns while the worker is held
    assert threads == [threads[0]] and threads[0] != threading.get_ident()
    assert panel.try_results.count() == 0 and not panel.try_button.isEnabled()
    assert "Trying" in panel.try_summary.text()
    with qtbot.waitSignal(panel.tried, timeout=10_000) as tried:
        release.set()
    assert [(e.kind, e.ts - START) for e in tried.args[0]] == [("fired", 10.0), ("resolved", 20.0), ("fired", 25.0)]
    assert panel.try_results.count() == 3 and "2" in panel.try_summary.text() and panel.try_button.isEnabled()
    panel.session_box.setItemData(0, "no-such-session")  # a session gone from the cache: said, not raised
    with qtbot.waitSignal(panel.tried, timeout=10_000) as failed:
        release.set()
        assert panel.try_current() is True
    assert failed.args[0] == [] and "no-such-session" in panel.try_summary.text() and panel.try_button.isEnabled()
