"""The live window's seams, driven the way a feature uses them: a side tab refreshed on the text clock only while
it is current and the feed moved on; strips at the top (in the order added) or above the charts; menus in a stable
order; a status item; time markers and regions on every chart panel; the settings and a problem shown."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import PollFanOut
from dyconsole.core.marker_labels import ALERT_PRIORITY
from dyconsole.core.model import ConnectionState, RoomSample, RoomStatus, SourceHealth
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.main_window import MainWindow, StripPosition


@pytest.fixture
def window(qtbot):  # type: ignore[no-untyped-def]
    w = MainWindow(LiveFeed(ManualClock(1_800_000_000.0)), "en")
    qtbot.addWidget(w)
    w.resize(760, 560)
    w.show()
    yield w
    w.close()


def test_a_side_tab_refreshes_only_while_current_and_when_the_feed_moved(window) -> None:  # type: ignore[no-untyped-def]
    refreshed: list[int] = []
    panel = QLabel("board")
    window.add_side_tab("board", panel, "Board", lambda: refreshed.append(1))
    assert window.side_tab_keys() == ["funnel", "traffic", "audience", "board"]
    with pytest.raises(ValueError):
        window.add_side_tab("board", QLabel(), "Again")
    window.feed.on_health(SourceHealth(ConnectionState.OK, changed_at=1.0))
    window.refresh_text()
    assert refreshed == []  # hidden: costs nothing
    window.show_side_tab("board")
    assert window.current_side_tab() == "board" and panel.isVisible() and refreshed == [1]  # at once when shown
    window.refresh_text()
    assert refreshed == [1]  # the feed did not move on
    window.feed.on_health(SourceHealth(ConnectionState.DEGRADED, changed_at=2.0))
    window.refresh_text()
    assert refreshed == [1, 1]
    window.show_side_tab("funnel")
    window.feed.on_health(SourceHealth(ConnectionState.OK, changed_at=3.0))
    window.refresh_text()
    assert refreshed == [1, 1]


def test_strips_go_on_top_in_order_or_just_above_the_charts(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    first, second, runner = QLabel("first banner"), QLabel("second banner"), QLabel("A/B runner")
    window.add_strip(first)
    window.add_strip(runner, StripPosition.ABOVE_CHARTS)
    window.add_strip(second, StripPosition.TOP)
    qtbot.waitUntil(lambda: runner.isVisible())
    tiles, charts = window.tiles.geometry(), window.charts.mapTo(window.centralWidget(), window.charts.rect().topLeft())
    assert first.geometry().bottom() < second.geometry().top() < tiles.top()
    assert tiles.bottom() < runner.geometry().top() and runner.geometry().bottom() < charts.y()
    assert runner.width() >= window.centralWidget().width() - 40  # full width


def test_menus_keep_their_order_and_take_actions(window) -> None:  # type: ignore[no-untyped-def]
    ab = window.menu("ab", "&A/B")
    board = window.menu("board", "&Products")
    assert window.menu("ab") is ab and window.menu("view") is not None
    assert [a.text() for a in window.menuBar().actions()] == ["&Console", "&View", "&A/B", "&Products"]
    with pytest.raises(KeyError):
        window.menu("nowhere")
    switched: list[bool] = []
    action = QAction("Switch now", window)
    action.triggered.connect(lambda: switched.append(True))
    window.add_action("ab", action)
    assert window.menu_actions("ab") == [action] and board.actions() == []
    window.menu_actions("ab")[0].trigger()
    assert switched == [True]


def test_a_status_item_sits_on_the_status_bar(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    item = QLabel("ROI 3.2")
    window.add_status_item(item)
    qtbot.waitUntil(item.isVisible)
    assert item.parentWidget() is window.statusBar()


def test_time_markers_and_regions_land_on_every_chart_panel(window) -> None:  # type: ignore[no-untyped-def]
    PollFanOut([window.feed]).publish(RoomSample(1_800_000_000.0, "r", RoomStatus.LIVING, {"online_user_cnt": 10.0}))
    assert window.charts.redraw() and not window.charts.needs_redraw
    marker = window.add_time_marker(1_800_000_060.0, "#ff0000", "Switch to B")
    panels = window.charts.panels
    assert len(marker.items) == len(panels)
    assert all(item in panel.plot.items and item.value() == 1_800_000_060.0
               for item, panel in zip(marker.items, panels))
    assert marker.items[0].label.toPlainText() == "Switch to B" and not any(hasattr(i, "label") for i in marker.items[1:])
    assert window.charts.needs_redraw  # drawn at the next tick
    region = window.add_time_region(1_800_000_060.0, 1_800_000_120.0, "#ff0000")
    assert [r.getRegion() for r in region.items] == [(1_800_000_060.0, 1_800_000_120.0)] * len(panels)
    assert all(r in p.plot.items for r, p in zip(region.items, panels))


def test_settings_and_a_problem_are_applied_through_the_window(window) -> None:  # type: ignore[no-untyped-def]
    window.apply_settings(["gmv", "online_now"], 15)
    assert window.change_window_min == 15
    assert window.tiles.tiles["ad_spend"].isHidden() and not window.tiles.tiles["gmv"].isHidden()
    assert "15" in window.tiles.tiles["gmv"].change.toolTip()
    window.show_problem("Not recording: the disk is full")
    assert window.status.error_label.text() == "Not recording: the disk is full"


def test_markers_far_from_the_time_shown_leave_the_plots_and_come_back(window) -> None:  # type: ignore[no-untyped-def]
    """A long broadcast's markers: only those near the range shown have items in the plots (the others cost neither
    paint time nor memory); a marker gets its items back when the view returns to it."""
    polls = PollFanOut([window.feed])
    start = 1_800_000_000.0
    for i in range(0, 4 * 3600, 60):  # four hours, a sample a minute
        polls.publish(RoomSample(start + i, "r", RoomStatus.LIVING, {"online_user_cnt": 10.0 + i % 7}))
    markers = [window.add_time_marker(start + m * 600.0, "#ff0000", f"m{m}") for m in range(24)]  # every 10 min
    region = window.add_time_region(start + 60.0, start + 120.0, "#ff0000")
    panels = window.charts.panels
    assert all(m[0] in panels[0].plot.items for m in markers)  # drawn at once, wherever they are
    assert window.redraw_tick()  # following live, the last 30 minutes
    lo, hi = window.chart_time_range()
    near = [m for m in markers if lo - (hi - lo) / 2 <= m.t0 <= hi + (hi - lo) / 2]
    assert 0 < len(near) < len(markers)
    assert [m for m in markers if len(m)] == near  # the others let their items go
    assert not len(region)
    for m in near:
        assert len(m) == len(panels) and all(item in p.plot.items and item.value() == m.t0
                                             for item, p in zip(m, panels))
    items_on_top = [i for i in panels[0].plot.items if i in {m[0] for m in near}]
    assert len(items_on_top) == len(near)
    window.show_time_range(start, start + 1800.0)  # the operator goes back to the start
    assert window.redraw_tick()
    assert len(region) == len(panels) and region[0].getRegion() == (start + 60.0, start + 120.0)
    assert markers[0][0].label.toPlainText() == "m0" and markers[0][0] in panels[0].plot.items
    assert not len(markers[-1])
    window.charts.set_window_preset(3)  # the whole broadcast: every marker drawn
    assert window.redraw_tick()
    assert all(len(m) == len(panels) for m in markers)


def test_marker_labels_never_overlap_nor_leave_the_plot(window) -> None:  # type: ignore[no-untyped-def]
    """Markers close together: each label sits beside its line, left or right, over no other label and inside the
    top plot; one with no room is hidden (its line stays), and an alert's label is placed before the others."""
    window.resize(1600, 900)  # a plot ~1,000 px wide: a label takes ~200 s of the 30 minutes
    polls = PollFanOut([window.feed])
    start = 1_800_000_000.0
    for i in range(0, 1800, 5):
        polls.publish(RoomSample(start + i, "r", RoomStatus.LIVING, {"online_user_cnt": 10.0 + i % 7}))
    events = [window.add_time_marker(start + 600.0 + k * 5.0, "#ffaa00", f"Product switch {k}") for k in range(6)]
    edge = window.add_time_marker(start + 2.0, "#ffaa00", "At the very start")  # its left is outside the plot
    alert = window.add_time_marker(start + 612.0, "#ff0000", "Alert: GMV falling", priority=ALERT_PRIORITY)
    window.charts.set_window_preset(1)  # the last 30 minutes: the whole broadcast so far
    assert window.redraw_tick()
    top = window.charts.panels[0].plot.vb
    plot_rect = top.sceneBoundingRect()
    labels = [(m, m[0].label) for m in [*events, edge, alert]]
    shown = [(m, label.sceneBoundingRect()) for m, label in labels if label.isVisible()]
    assert alert[0].label.isVisible() and edge[0].label.isVisible() and edge.label_side == "right"
    assert 2 <= len(shown) < len(labels)  # six labels 5 s apart can't all fit: some hidden, lines kept
    for m, rect in shown:
        assert plot_rect.contains(rect), m[0].label.toPlainText()
        if m.label_side == "left":
            assert rect.right() <= m[0].scenePos().x() + 1.0  # the text ends at its line
        else:
            assert rect.left() >= m[0].scenePos().x() - 1.0
    for i, (_, a) in enumerate(shown):
        for _, b in shown[i + 1:]:
            assert not a.intersects(b)
    assert all(len(m) == len(window.charts.panels) for m in events)  # every line is still drawn


def test_the_text_clock_and_the_side_tab_never_run_in_the_loop_turn_of_a_redraw(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Qt's coarse timers would put the 1 s text clock on the half seconds and the 100 ms redraw clock on the tenths:
    every text tick (and the side tab's refresh, a product board's) would run in one stretch with a redraw and its
    paint, the event loop's longest waits. The text clock keeps half a redraw period away from the redraw clock, and
    the current side tab refreshes in a loop turn after the text clock's other figures."""
    events: list[tuple[str, float]] = []
    in_text = [False]
    redraw, text = MainWindow.redraw_in_turns, MainWindow.refresh_text  # the redraw clock's slot

    def timed_redraw(self: MainWindow) -> bool:
        events.append(("redraw", time.perf_counter()))
        self.feed.version += 1  # the feed moves on between text ticks: each one refreshes the figures
        return redraw(self)

    def timed_text(self: MainWindow, force: bool = False, side: bool = True) -> bool:
        events.append(("text", time.perf_counter()))
        in_text[0] = True
        try:
            return text(self, force, side)
        finally:
            in_text[0] = False

    monkeypatch.setattr(MainWindow, "redraw_in_turns", timed_redraw)
    monkeypatch.setattr(MainWindow, "refresh_text", timed_text)
    w = MainWindow(LiveFeed(ManualClock(1_800_000_000.0)), "en")
    qtbot.addWidget(w)
    w.show()
    w.add_side_tab("board", QLabel("board"), "Board", lambda: events.append(("side", float(in_text[0]))))
    w.show_side_tab("board")
    started = time.perf_counter()
    w.start()
    qtbot.wait(3300)
    w.stop()
    w.close()
    redraws = [t for kind, t in events if kind == "redraw" and t > started]
    texts = [t for kind, t in events if kind == "text" and t > started + 0.01]  # the clocks' ticks, not start()'s
    sides = [inside for kind, inside in events if kind == "side"]
    assert len(texts) >= 3 and len(redraws) >= 25
    # each text tick lands between two redraw ticks, not with one (a late tick on a loaded machine may miss)
    apart = [min(abs(t - r) for r in redraws) >= 0.02 for t in texts]
    assert sum(apart) >= len(apart) - 1, [round(min(abs(t - r) for r in redraws) * 1000.0, 1) for t in texts]
    # the side tab refreshed on every text tick, each time after the text clock's turn, not inside it
    assert len(sides) >= len(texts) and not any(sides[-len(texts):])
