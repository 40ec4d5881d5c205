"""What the operator sees in the window's first seconds: the time axes read as clock times (HH:MM, HH:MM:SS on
a span of seconds; never "52.000 53.000"), a flat zero GMV / spend sits on a 0..10 axis (not -0.4..0.4), the
window never opens larger than its screen, and a geometry stored on a screen of another size opens fitted."""

from __future__ import annotations

import re
import time

import numpy as np
from PySide6.QtCore import QByteArray, QSettings

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import PollFanOut
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.common.screen_fit import screen_area
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.live.window_layout import SETTINGS_GROUP

START = 1_800_000_040.0  # 40 s past a whole minute


def _window(qtbot, feed: LiveFeed) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(feed, "en")
    qtbot.addWidget(window)
    return window


def _polls(feed: LiveFeed, clock: ManualClock, n: int, step_s: float, **values: float) -> None:
    polls = PollFanOut([feed])
    for i in range(n):
        clock.advance(step_s)
        polls.publish(RoomSample(clock.now(), "r1", RoomStatus.LIVING,
                                 dict(values, total_live_watch_cnt=100.0 + 7 * i, online_user_cnt=300.0 + i)))


def _shown_window(qtbot) -> tuple[MainWindow, LiveFeed, ManualClock]:  # type: ignore[no-untyped-def]
    clock = ManualClock(START)
    feed = LiveFeed(clock)
    window = _window(qtbot, feed)
    window.resize(1366, 768)
    window.show()
    return window, feed, clock


def _bottom_ticks(window: MainWindow, panel: int = 0) -> tuple[list[float], list[str]]:
    plot = window.charts.panels[panel].plot
    axis = plot.getAxis("bottom")
    lo, hi = plot.vb.viewRange()[0]
    values: list[float] = []
    labels: list[str] = []
    for spacing, level in axis.tickValues(lo, hi, axis.width() or 900):
        values += list(level)
        labels += axis.tickStrings(level, 1.0, spacing)
    return values, labels


def test_the_time_axis_reads_clock_times_from_the_first_second(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, feed, clock = _shown_window(qtbot)
    _polls(feed, clock, 4, 1.0)  # the first four seconds
    assert window.redraw_tick()
    _, seconds = _bottom_ticks(window)
    assert seconds and all(re.fullmatch(r"\d\d:\d\d:\d\d", s) for s in seconds), seconds
    assert seconds[0] == time.strftime("%H:%M:%S", time.localtime(float(np.ceil(START + 1))))
    _polls(feed, clock, 120, 5.0)  # ten minutes on
    assert window.redraw_tick()
    ticks, minutes = _bottom_ticks(window)
    assert len(minutes) >= 3 and all(re.fullmatch(r"\d\d:\d\d", s) for s in minutes), minutes
    assert all(time.localtime(t).tm_sec == 0 for t in ticks)  # on whole minutes of the local clock
    window.close()


def test_a_flat_zero_series_has_a_zero_based_axis(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, feed, clock = _shown_window(qtbot)
    _polls(feed, clock, 30, 5.0, live_pay_order_gmv_alias=0.0, stat_cost=0.0)
    assert window.redraw_tick()
    gmv = next(p for p in window.charts.panels if p.spec.key == "gmv")
    lo, hi = gmv.plot.vb.viewRange()[1]
    assert (lo, hi) == (0.0, 10.0)
    audience = window.charts.panels[0]  # a varying series keeps pyqtgraph's autorange
    lo, hi = audience.plot.vb.viewRange()[1]
    assert lo > 250 and hi < 400
    # once an order comes, the GMV axis follows it again
    _polls(feed, clock, 10, 5.0, live_pay_order_gmv_alias=0.0, stat_cost=0.0)
    _polls(feed, clock, 10, 5.0, live_pay_order_gmv_alias=2500.0, stat_cost=0.0)
    assert window.redraw_tick()
    qtbot.waitUntil(lambda: gmv.plot.vb.viewRange()[1][1] >= 2500.0, timeout=2000)  # autorange on the next paint
    window.close()


def test_the_window_never_opens_larger_than_its_screen(qtbot) -> None:  # type: ignore[no-untyped-def]
    area = screen_area(MainWindow(LiveFeed(ManualClock()), "en"))  # offscreen: 800x800
    first = _window(qtbot, LiveFeed(ManualClock()))
    assert first.width() <= area.width() and first.height() <= area.height()
    # a geometry stored on a 1600x1000 screen (another screen) is not reused as is on this one
    big = _window(qtbot, LiveFeed(ManualClock()))
    big.resize(1500, 950)
    stored = big.saveGeometry()
    settings = QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    settings.setValue("geometry", QByteArray(stored))
    settings.setValue("screen", "1600x1000")
    settings.endGroup()
    settings.sync()
    again = _window(qtbot, LiveFeed(ManualClock()))
    assert again.width() <= area.width() and again.height() <= area.height()
    assert again.x() >= area.x() and again.y() >= area.y()
    # stored on this screen: restored (fitted), the operator's size kept
    mine = _window(qtbot, LiveFeed(ManualClock()))
    mine.resize(700, 500)
    mine.move(40, 30)
    mine.save_layout()
    restored = _window(qtbot, LiveFeed(ManualClock()))
    assert (restored.width(), restored.height()) == (700, 500)


def test_the_english_audience_tab_names_cities_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    from dyconsole.core.feed import AudiencePolled
    from dyconsole.core.model import AudienceSample

    clock = ManualClock(START)
    feed = LiveFeed(clock)
    window = _window(qtbot, feed)
    window.show()
    cities = {"杭州": 30.0, "其他": 50.0, "广东省": 12.0, "阿克苏": 8.0}
    PollFanOut([feed]).publish(AudiencePolled(AudienceSample(START, "ENTER", "CITY", cities)))
    window.show_side_tab("audience")
    window.refresh_text(force=True)
    shown = [label.text() for label in window.audience.city.labels if label.text()]
    assert shown == ["Other", "Hangzhou", "Guangdong", "阿克苏"]  # by share; an unknown place as sent
    window.close()


def test_the_funnels_bars_are_painted_with_the_window_not_one_at_a_time(qtbot) -> None:  # type: ignore
    """A progress bar repaints at once when its value changes: the funnel's six bars were six synchronous paints at
    every text refresh (the window's start drew the history's funnel so, before its first content). Its figures are
    now set with the panel's updates off: none is painted inside the refresh, and all of them with the window's next
    paint."""
    from PySide6.QtCore import QEvent, QObject

    window, feed, clock = _shown_window(qtbot)
    qtbot.waitExposed(window)
    assert window.funnel.isVisible()  # the first side tab: refreshed on the text clock
    painted: list[QObject] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                painted.append(watched)
            return False

    paints = Paints()
    for bar in window.funnel.bars:
        bar.installEventFilter(paints)
    qtbot.waitUntil(lambda: all(bar in painted for bar in window.funnel.bars), timeout=5000)  # the shown window's
    painted.clear()
    _polls(feed, clock, 3, 5.0, total_live_show_cnt=10_000.0, live_product_show_cnt_alias=2000.0,
           live_click_product_count_alias=80.0, live_create_order_count_alias=9.0, live_pay_order_count_alias=7.0)
    window.refresh_text(force=True)
    assert window.funnel.bars[0].value() == 1000 and 0 < window.funnel.bars[5].value() < 1000
    assert painted == []  # set, not painted yet: none of the six bars painted itself inside the refresh
    qtbot.waitUntil(lambda: all(bar in painted for bar in window.funnel.bars), timeout=5000)
