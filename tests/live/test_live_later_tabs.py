"""The side tabs the first frame does not show (traffic, audience) are built after it: their titles are in the tab
bar from the start, their panels are built when the console has painted its first frame, or as soon as the
operator opens one, or a feature asks for its panel. The history hint laid over the charts before the window shows
is fitted to the charts as the window shows (it kept the place worked out for the charts' size before)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea
from tests.live.test_live_window import drive
from tests.support.loop_waits import until

from dyconsole.app import Console
from dyconsole.core.clock import ManualClock
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.live.audience_panel import AudiencePanel
from dyconsole.ui.live.traffic_panel import TrafficPanel
from dyconsole.ui.main_window import MainWindow


def _window(qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(LiveFeed(ManualClock(1_800_000_000.0)), "en")
    qtbot.addWidget(w)
    return w


def _page(w: MainWindow, key: str) -> QScrollArea:
    page = w.side.widget(w.side_tab_keys().index(key))
    assert isinstance(page, QScrollArea)
    return page


def test_tabs_not_shown_are_titled_and_built_when_opened(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[object] = []
    monkeypatch.setattr(TrafficPanel, "show_flow", lambda self, flow: shown.append(flow))
    w = _window(qtbot)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    side = w.side
    assert [side.tabText(i) for i in range(side.count())] == ["Funnel", "Traffic", "Audience"]
    assert side.later_tabs() == ["traffic", "audience"]
    assert _page(w, "traffic").widget() is None and _page(w, "audience").widget() is None
    bar = side.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())  # the operator opens Traffic
    assert w.current_side_tab() == "traffic" and side.later_tabs() == ["audience"]
    traffic = _page(w, "traffic").widget()
    assert isinstance(traffic, TrafficPanel) and traffic is w.traffic and traffic.isVisible()
    assert shown == [w.feed.flow]  # refreshed as it showed
    w.build_later_tabs()
    assert side.later_tabs() == [] and isinstance(_page(w, "audience").widget(), AudiencePanel)
    assert _page(w, "audience").widget() is w.audience and w.traffic is traffic  # built once


def test_a_panel_asked_for_or_made_current_is_built(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    audience = w.audience  # a feature (or a test) asking for the panel gets it built
    assert isinstance(audience, AudiencePanel) and _page(w, "audience").widget() is audience
    assert w.side.later_tabs() == ["traffic"]
    w.show_side_tab("traffic")
    assert w.side.later_tabs() == [] and isinstance(_page(w, "traffic").widget(), TrafficPanel)


def test_the_history_hint_is_placed_as_the_window_shows(qtbot) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    w.show_history_loading(20)  # as the console does, before its first frame
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    hint = w.history_hint
    charts = w.charts.size()  # the hint in the charts' middle, as the window shows (not where it was fitted before)
    assert hint.isVisible() and hint.y() == charts.height() // 2
    assert abs(hint.x() + hint.width() // 2 - charts.width() // 2) <= 1


def test_the_console_builds_later_tabs_after_its_first_frame(qloop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    async def scenario(c: Console) -> None:
        w = c.window
        await until(lambda: w.isVisible(), timeout_s=30.0)
        seen["later"] = w.side.later_tabs()
        seen["pages"] = [_page(w, k).widget() is not None for k in ("traffic", "audience")]

    drive(qloop, tmp_path, scenario)
    assert seen["later"] == [] and seen["pages"] == [True, True]
