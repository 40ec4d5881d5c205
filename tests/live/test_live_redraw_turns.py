"""The window's redraw clock draws the charts a panel a loop turn (MainWindow.redraw_in_turns): each turn redraws
one panel and is followed by one paint of that panel's rectangle only, the time range of every panel is the one
taken at the clock's tick, a whole redraw (redraw_tick) overtakes one under way, and a tick leaves one under way to
finish."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication

from dyconsole.core.feed import PollFanOut
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.main_window import MainWindow
from tests.live.test_live_charts import STEP_S, _POLLS, feed, feed_room, shown_window  # noqa: F401 - the fixture

__all__ = ["feed"]

#: a time axis's bounding rectangle reaches this far below its panel (pyqtgraph's margin for its labels)
AXIS_MARGIN_PX = 16


class PaintRegions(QObject):
    """The bounding rectangle of every paint a widget gets."""

    def __init__(self) -> None:
        super().__init__()
        self.rects: list[QRect] = []

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.region().boundingRect())
        return False


def _new_high(feed: LiveFeed, value: float) -> None:
    """Three polls whose online count climbs to `value` (a new high: the value ranges must move)."""
    polls = _POLLS.setdefault(feed, PollFanOut([feed]))
    for _ in range(3):
        feed.clock.advance(STEP_S)
        polls.publish(RoomSample(feed.clock.now(), "r1", RoomStatus.LIVING, {"online_user_cnt": value}))


def _panel_rects(window: MainWindow) -> list[QRect]:
    """Each panel's rectangle in the chart view's pixels."""
    view = window.charts.graphics
    return [view.mapFromScene(p.plot.sceneBoundingRect()).boundingRect() for p in window.charts.panels]


def _time_ranges(window: MainWindow) -> list[list[float]]:
    return [p.plot.vb.viewRange()[0] for p in window.charts.panels]


def test_the_redraw_clock_draws_a_panel_a_loop_turn_each_painting_only_its_own_rectangle(
        qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    window = shown_window(qtbot, feed)
    for i in range(2):  # the first redraws after the window shows still paint it whole (its layout settling)
        _new_high(feed, 1000.0 * (i + 1))
        window.redraw_tick()
        for _ in range(3):
            QApplication.processEvents()
    regions = PaintRegions()
    window.charts.graphics.viewport().installEventFilter(regions)
    panels = window.charts.panels
    for i in range(3):
        _new_high(feed, 5000.0 * (i + 1))
        before = _time_ranges(window)
        count = window.charts.redraw_count
        regions.rects.clear()
        window.redraw_timer.timeout.emit()  # the clock ticks
        # the first panel is drawn, the others wait for their turns
        assert _time_ranges(window)[0] != before[0] and _time_ranges(window)[1:] == before[1:]
        assert window.charts.redrawing and window.charts.redraw_count == count
        qtbot.waitUntil(lambda: not window.charts.redrawing, timeout=2000)
        for _ in range(3):
            QApplication.processEvents()  # the last panel's paint
        assert window.charts.redraw_count == count + 1
        # one paint a panel, each of its own panel's rectangle, in the panels' order
        rects = _panel_rects(window)
        assert len(regions.rects) == len(panels)
        for painted, rect in zip(regions.rects, rects):
            assert rect.adjusted(-2, -2, 2, AXIS_MARGIN_PX).contains(painted), (painted, rect)
        # every panel shows the same time range and its newest points
        assert _time_ranges(window) == [_time_ranges(window)[0]] * len(panels)
        assert _time_ranges(window)[0][1] == feed.span()[1]
        for p in panels:
            x, _y = next(c for _k, c in p.visible_curves()).getData()
            assert x[-1] == feed.span()[1]
    assert not window.redraw_in_turns()  # nothing new: nothing drawn
    window.close()


def test_a_redraw_in_turns_takes_its_time_range_once_for_every_panel(
        qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    window = shown_window(qtbot, feed)
    _new_high(feed, 4000.0)
    assert window.redraw_in_turns()
    taken = _time_ranges(window)[0]
    feed_room(feed, feed.clock, 2, seed=3)  # the room moves on before the other panels' turns
    qtbot.waitUntil(lambda: not window.charts.redrawing, timeout=2000)
    assert _time_ranges(window) == [taken] * len(window.charts.panels)
    assert taken[1] < feed.span()[1]
    # the data that came meanwhile is drawn by the next tick
    assert window.redraw_in_turns()
    qtbot.waitUntil(lambda: not window.charts.redrawing, timeout=2000)
    assert _time_ranges(window)[-1][1] == feed.span()[1]
    window.close()


def test_a_whole_redraw_overtakes_a_redraw_in_turns_and_a_tick_leaves_one_to_finish(
        qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    window = shown_window(qtbot, feed)
    _new_high(feed, 4000.0)
    assert window.redraw_in_turns()
    count = window.charts.redraw_count
    _new_high(feed, 8000.0)
    assert not window.redraw_in_turns()  # one is under way: it finishes first
    assert window.redraw_tick()  # every panel now; the turns left are dropped
    assert not window.charts.redrawing and window.charts.redraw_count == count + 1
    assert _time_ranges(window) == [[_time_ranges(window)[0][0], feed.span()[1]]] * len(window.charts.panels)
    for _ in range(5):
        QApplication.processEvents()
    assert window.charts.redraw_count == count + 1  # no turn of the dropped redraw ran
    assert not window.redraw_tick() and not window.redraw_in_turns()  # all drawn: nothing to do
    window.close()


def test_a_hidden_window_is_not_redrawn_in_turns_and_keeps_its_last_redraw(
        qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    window = shown_window(qtbot, feed)
    window.hide()
    feed_room(feed, feed.clock, 3, seed=4)
    assert not window.redraw_in_turns() and not window.charts.redrawing
    window.show()
    assert window.redraw_in_turns()
    qtbot.waitUntil(lambda: not window.charts.redrawing, timeout=2000)
    assert _time_ranges(window)[-1][1] == feed.span()[1]
    window.close()
