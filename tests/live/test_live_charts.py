"""The live charts and the window's redraw clock, fed synthetic room samples through the live feed: a redraw
draws at most the plot's pixel width of points whatever the history, gaps are NaN breaks, a hidden window is not
redrawn but its last redraw is not lost, and a chart survives hundreds of redraws (the PySide6 none_dealloc bug
of ENVIRONMENT.md kills a bad Qt/Python pair after ~30)."""

from __future__ import annotations

import html
import weakref

import numpy as np
import pyqtgraph as pg
import pytest

from PySide6.QtWidgets import QApplication, QGraphicsTextItem

from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import Gap, PollFanOut
from dyconsole.core.model import RoomSample, RoomStatus
from dyconsole.core.series import SeriesSet
from dyconsole.services.live.feed import SERIES_NAMES, LiveFeed
from dyconsole.ui.live.chart_panel import RANGE_HEADROOM, RANGE_MIN_FILL, ClockAxis, steady_range
from dyconsole.ui.common.theme import series_colour
from dyconsole.ui.live.charts import LiveCharts
from dyconsole.ui.main_window import MainWindow
from tests.support.paint_counter import PaintCounter

STEP_S = 5.0


#: each feed's poll fan-out (it derives the room samples, as the poller's does)
_POLLS: weakref.WeakKeyDictionary[LiveFeed, PollFanOut] = weakref.WeakKeyDictionary()


def feed_room(feed: LiveFeed, clock: ManualClock, n: int, seed: int = 1, gap_at: range | None = None) -> None:
    """n room polls STEP_S apart: cumulative counters growing at a noisy rate, a real online count."""
    polls = _POLLS.setdefault(feed, PollFanOut([feed]))
    rng = np.random.default_rng(seed)
    counters = dict.fromkeys(("total_live_watch_cnt", "live_watch_one_minute_count", "total_live_like_cnt",
                              "total_live_comment_cnt", "live_pay_order_count_alias", "live_pay_order_gmv_alias",
                              "stat_cost"), 0.0)
    for i in range(n):
        clock.advance(STEP_S)
        for k in counters:
            counters[k] += float(rng.integers(0, 20))
        if gap_at is not None and i in gap_at:
            polls.publish(Gap("room", clock.now(), "timeout"))
            continue
        values = dict(counters, online_user_cnt=1000.0 + 300.0 * np.sin(i / 50.0))
        polls.publish(RoomSample(clock.now(), "r1", RoomStatus.LIVING, values))


@pytest.fixture
def feed() -> LiveFeed:
    return LiveFeed(ManualClock())


class LongSession:
    """A SeriesSource holding 8 hours of 1 s data in every charted series (filled in bulk: fast to build)."""

    def __init__(self) -> None:
        n = 8 * 3600
        ts = 1_700_000_000.0 + np.arange(n, dtype=float)
        rng = np.random.default_rng(5)
        self.series = SeriesSet(SERIES_NAMES)
        for name in SERIES_NAMES:
            self.series[name].extend(ts, rng.normal(100.0, 10.0, n))

    def span(self) -> tuple[float, float] | None:
        return self.series.span()

    def view(self, name: str, t0: float, t1: float, max_points: int) -> tuple[np.ndarray, np.ndarray]:
        return self.series.view(name, t0, t1, max_points)


def test_a_redraw_draws_no_more_than_the_plot_is_wide(qtbot) -> None:  # type: ignore[no-untyped-def]
    feed = LongSession()
    charts = LiveCharts(feed, "en")
    qtbot.addWidget(charts)
    charts.resize(1000, 800)
    charts.show()
    charts.set_window_preset(3)  # the whole broadcast
    assert charts.redraw()
    panel = charts.panels[0]
    x, _y = panel.curves["online"].getData()
    assert len(x) <= 2 * panel.pixel_width() + 4 < len(feed.series)
    lo, hi = panel.plot.vb.viewRange()[0]
    first, last = feed.span()
    assert lo == pytest.approx(first) and hi == pytest.approx(last)


def test_gaps_are_drawn_as_breaks(qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    feed_room(feed, feed.clock, 200, gap_at=range(100, 110))
    charts = LiveCharts(feed, "en")
    qtbot.addWidget(charts)
    charts.resize(1600, 800)
    charts.show()
    charts.set_window_preset(3)
    charts.redraw()
    x, y = charts.panels[0].curves["online"].getData()
    gap_t0 = feed.series["online"].ts[100]
    assert np.isnan(y[(x >= gap_t0) & (x <= gap_t0 + 9 * STEP_S)]).all()
    assert np.isfinite(y[x < gap_t0]).all()
    assert feed.gaps == 10


def shown_window(qtbot, feed: LiveFeed) -> MainWindow:  # type: ignore[no-untyped-def]
    """The main window at 1280x720 on `feed`, after 50 polls and their first redraw."""
    window = MainWindow(feed, "en")
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    feed_room(feed, feed.clock, 50)
    assert window.redraw_tick()
    return window


def test_the_window_never_redraws_hidden_and_never_drops_the_last_redraw(qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    window = shown_window(qtbot, feed)
    assert not window.redraw_tick()  # nothing new: nothing drawn
    count = window.charts.redraw_count
    window.hide()
    feed_room(feed, feed.clock, 10, seed=2)
    assert not window.redraw_tick() and window.charts.redraw_count == count  # hidden: not drawn
    window.show()
    assert window.redraw_tick() and window.charts.redraw_count == count + 1  # ... but drawn once it shows
    x, _y = window.charts.panels[0].curves["online"].getData()
    assert x[-1] == pytest.approx(feed.span()[1])
    window.close()


def test_a_chart_survives_hundreds_of_redraws(qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    charts = LiveCharts(feed, "en")
    qtbot.addWidget(charts)
    charts.resize(1280, 720)
    charts.show()
    for i in range(300):
        feed_room(feed, feed.clock, 1, seed=i)
        charts.mark_dirty()
        assert charts.redraw()
        if i % 25 == 0:
            charts.show_crosshair(feed.span()[1])
        QApplication.processEvents()  # let Qt paint: the crash lives in the Python overrides of the paint path
    assert charts.redraw_count == 300
    assert ">Online</span>" in charts.readout.text()


def test_short_panels_drop_their_legends_and_thin_their_ticks(qtbot) -> None:  # type: ignore[no-untyped-def]
    charts = LiveCharts(LongSession(), "en")
    qtbot.addWidget(charts)
    charts.resize(1000, 900)
    charts.show()
    qtbot.waitUntil(lambda: charts.panel_height() > 0)
    assert charts.panel_height() >= 110 and all(p.legend.isVisible() for p in charts.panels)
    charts.resize(1000, 420)  # a small window: five panels of about 75 px
    qtbot.waitUntil(lambda: charts.panel_height() < 110)
    assert not any(p.legend.isVisible() for p in charts.panels)
    # ... and each title row names its curves instead, each after a dash of its colour
    online = charts.panels[0]
    title = online.plot.titleLabel.text
    for spec in online.spec.series:
        assert f"color:{series_colour(spec.colour)}'>\u2501</span>&nbsp;{html.escape(online.names[spec.key])}" in title
    assert "Online viewers" in title and "(right axis)" in title
    interactions = charts.panels[1]
    charts.set_series_visible("shares_per_min", False)  # a hidden curve leaves the key (the menu still has it)
    assert "Shares" not in interactions.plot.titleLabel.text and "Comments" in interactions.plot.titleLabel.text
    charts.set_series_visible("shares_per_min", True)
    assert "Shares" in interactions.plot.titleLabel.text
    axis = charts.panels[0].plot.getAxis("left")
    for size in (45.0, 80.0):  # a short axis: only labelled ticks, never more than fit at 24 px each
        levels = axis.tickValues(0.0, 1500.0, size)
        assert len(levels) == 1 and 2 <= len(levels[0][1]) <= max(2, size // 24), (size, levels)
    assert len(axis.tickValues(0.0, 1500.0, 300.0)) > 1  # a tall one keeps pyqtgraph's minor ticks
    for key in ("online", "likes_per_min", "gmv_per_min"):  # the Series menu still names every curve
        assert charts.series_actions[key].text()
    charts.set_series_visible("likes_per_min", False)  # fewer panels shown: each is taller again
    for key in ("comments_per_min", "shares_per_min", "follows_per_min", "live_pay_order_gmv_alias", "gmv_per_min"):
        charts.set_series_visible(key, False)
    assert charts.panel_height() >= 110 and charts.panels[0].legend.isVisible()
    assert charts.panels[0].plot.titleLabel.text == "Online viewers"  # tall again: the legend names them
    # a curve passing under a legend does not cross its labels: the legend's fill hides most of it (43% did not)
    assert all(p.legend.opts["brush"].color().alpha() >= 200 for p in charts.panels)


def test_the_online_curve_says_when_it_is_an_estimate(qtbot) -> None:  # type: ignore[no-untyped-def]
    charts = LiveCharts(LongSession(), "en")
    qtbot.addWidget(charts)

    def legend_text(key: str) -> str:
        curve = charts.panels[0].curves[key]
        return next(label.text for sample, label in charts.panels[0].legend.items if sample.item is curve)

    assert legend_text("online") == "Online"
    charts.mark_estimate("online", True)
    assert legend_text("online") == "Online (est.)" and charts.series_actions["online"].text().endswith("(est.)")
    assert legend_text("entries_per_min") == "Entries / min (right axis)"  # the other curves keep their names
    charts.mark_estimate("online", False)  # a source with a real count
    assert legend_text("online") == "Online"


def test_a_live_redraw_paints_the_charts_once_even_when_the_value_range_moves(qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    window = shown_window(qtbot, feed)
    QApplication.processEvents()
    counter = PaintCounter()
    window.charts.graphics.viewport().installEventFilter(counter)
    paints = []
    for i in range(5):
        polls = _POLLS.setdefault(feed, PollFanOut([feed]))
        for _ in range(3):  # the online count climbs to a new high: the y range must move
            feed.clock.advance(STEP_S)
            polls.publish(RoomSample(feed.clock.now(), "r1", RoomStatus.LIVING, {"online_user_cnt": 5000.0 * (i + 1)}))
        y_before = [p.plot.vb.viewRange()[1] for p in window.charts.panels]
        counter.paints = 0
        assert window.redraw_tick()
        for _ in range(3):
            QApplication.processEvents()
        paints.append(counter.paints)
        assert [p.plot.vb.viewRange()[1] for p in window.charts.panels] != y_before
    assert paints == [1] * 5  # the auto-range is settled before the paint, so it does not ask for a second one
    # the stacked panels share their time ticks: every panel's clock axis has the lowest one's ticks
    axes = [p.plot.getAxis("bottom") for p in window.charts.panels]
    lo, hi = window.charts.panels[-1].plot.vb.viewRange()[0]
    ticks = [a.tickValues(lo, hi, axes[-1].width()) for a in axes]
    assert ticks[0] and ticks == [ticks[-1]] * len(axes)
    assert axes[-1].style["showValues"] and not axes[0].style["showValues"]
    window.close()


def test_the_charts_unused_plot_options_menus_are_never_polished(qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    """pyqtgraph builds a "Plot Options" menu for every plot; with the menus off it never shows, so the start does
    not spend the event loop's first turns styling its widgets (the groups, check boxes, spin boxes, sliders)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QScrollBar, QWidget

    window = MainWindow(feed, "en")
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    for _ in range(3):
        QApplication.processEvents()
    for panel in window.charts.panels:
        assert not panel.plot.menuEnabled()  # the menu cannot be opened
        options = [w for w in panel.plot.ctrlMenu.findChildren(QWidget) if not isinstance(w, QScrollBar)]
        assert len(options) > 30  # the groups, check boxes, spin boxes, sliders ...
        polished = [w.objectName() for w in options if w.testAttribute(Qt.WidgetAttribute.WA_WState_Polished)]
        assert polished == []


def test_the_unlabelled_time_axes_paint_as_pyqtgraph_would_without_regenerating_its_picture(
        qtbot, feed: LiveFeed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Four of the five stacked panels show their time axis without labels (line and tick marks); every live redraw
    moves it. They are drawn straight from their ticks, pixel for pixel what pyqtgraph's draw specs and picture
    would have drawn (a time marker's label after them keeps its antialiasing), without pyqtgraph's regeneration."""
    window = shown_window(qtbot, feed)
    window.add_time_marker(feed.clock.now() - 60.0, "#ff8800", "marker")
    window.redraw_tick()
    generated: list[str] = []
    regenerate = pg.AxisItem.generateDrawSpecs

    def counted(axis, painter):  # type: ignore[no-untyped-def]
        generated.append(axis.orientation if axis.style["showValues"] else "unlabelled")
        return regenerate(axis, painter)

    monkeypatch.setattr(pg.AxisItem, "generateDrawSpecs", counted)
    ours = window.charts.graphics.grab().toImage()
    assert "bottom" in generated and "unlabelled" not in generated  # the lowest panel's labelled axis: pyqtgraph's
    monkeypatch.setattr(ClockAxis, "_paint_bare", lambda _axis, _painter: False)
    window.charts.mark_dirty()
    window.redraw_tick()  # the same ranges: the axes' pictures regenerate on their next paint
    for panel in window.charts.panels:
        panel.plot.getAxis("bottom").picture = None
    pyqtgraphs = window.charts.graphics.grab().toImage()
    assert generated.count("unlabelled") == len(window.charts.panels) - 1
    assert ours == pyqtgraphs


def test_titles_and_legends_are_not_painted_again_by_a_live_redraw_until_they_change(
        qtbot, feed: LiveFeed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A live redraw repaints the whole plot area; the titles and legends (boxes, samples, names) come from pixmaps
    painted once, until a series is hidden or shown (its sample changes)."""
    window = shown_window(qtbot, feed)
    vp = window.charts.graphics.viewport()
    vp.repaint()
    painted: list[str] = []
    sample_paint, legend_paint = pg.ItemSample.paint, pg.LegendItem.paint

    def counted_sample(sample, *args):  # type: ignore[no-untyped-def]
        painted.append(sample.item.name())
        return sample_paint(sample, *args)

    def counted_legend(legend, *args):  # type: ignore[no-untyped-def]
        painted.append("legend box")
        return legend_paint(legend, *args)

    monkeypatch.setattr(pg.ItemSample, "paint", counted_sample)
    monkeypatch.setattr(pg.LegendItem, "paint", counted_legend)
    for i in range(3):
        feed_room(feed, feed.clock, 2, seed=10 + i)
        assert window.redraw_tick()
        vp.repaint()
    assert painted == []
    panel = window.charts.panels[0]
    window.charts.series_actions["online"].setChecked(False)  # the Series menu hides the online count
    assert window.redraw_tick()
    for _ in range(3):
        QApplication.processEvents()  # the scene's update, then the paint
    assert panel.curves["online"].name() in painted  # its sample paints again: the eye of a hidden series
    painted.clear()
    feed_room(feed, feed.clock, 2, seed=20)
    assert window.redraw_tick()
    for _ in range(3):
        QApplication.processEvents()  # the scene's update, then the paint
    assert painted == []
    window.charts.series_actions["online"].setChecked(True)
    assert window.redraw_tick()
    for _ in range(3):
        QApplication.processEvents()  # the scene's update, then the paint
    assert panel.curves["online"].name() in painted


def test_the_axes_set_their_labels_only_when_they_change(qtbot, feed: LiveFeed, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """pyqtgraph sets an axis's label (its text document parsed and laid out anew) on every change of the axis's
    style, pens and scale, eight times for each axis a panel builds; the charts' axes set it only when it changes:
    twice each as the window is built, not again for a style that leaves it as it was, and a label given is set and
    shown."""
    set_on: list[pg.AxisItem] = []
    set_html = QGraphicsTextItem.setHtml

    def counted(item, html):  # type: ignore[no-untyped-def]
        if isinstance(item.parentItem(), pg.AxisItem):
            set_on.append(item.parentItem())
        return set_html(item, html)

    monkeypatch.setattr(QGraphicsTextItem, "setHtml", counted)
    window = MainWindow(feed, "en")
    qtbot.addWidget(window)
    axes = [panel.plot.getAxis(side) for panel in window.charts.panels for side in ("top", "bottom", "left", "right")]
    # each twice: its first HTML, then in its text colour (pyqtgraph's own set it 8 times each)
    assert len(axes) == 20 and sorted(map(id, set_on)) == sorted(map(id, axes + axes))
    set_on.clear()
    left = window.charts.panels[0].plot.getAxis("left")
    left.setTextPen(left.textPen())
    left.setStyle(tickLength=-5)
    assert set_on == []
    left.setLabel("Viewers")
    assert set_on == [left] and "Viewers" in left.label.toHtml()


def test_a_rising_total_moves_its_value_axis_now_and_then_not_on_every_poll(qtbot, feed: LiveFeed) -> None:  # type: ignore[no-untyped-def]
    """GMV and ad spend are running totals: each poll raises their maximum. The value range grows with headroom when
    the curve reaches its top, and keeps still while the curve moves within it (each move redraws the axis and its
    labels); the curve is always wholly inside it, and a range far too wide for the values fits them again."""
    window = shown_window(qtbot, feed)
    gmv = next(p for p in window.charts.panels if p.spec.key == "gmv")
    ranges = []
    polls = _POLLS.setdefault(feed, PollFanOut([feed]))
    for i in range(40):
        feed.clock.advance(STEP_S)
        polls.publish(RoomSample(feed.clock.now(), "r1", RoomStatus.LIVING,
                                 {"live_pay_order_gmv_alias": 10_000.0 + 500.0 * i, "online_user_cnt": 900.0}))
        assert window.redraw_tick()
        lo, hi = gmv.plot.vb.viewRange()[1]
        _x, y = gmv.curves["live_pay_order_gmv_alias"].getData()
        assert lo <= float(np.nanmin(y)) and float(np.nanmax(y)) <= hi  # all of the curve shows
        ranges.append((lo, hi))
    moves = sum(1 for a, b in zip(ranges, ranges[1:]) if a != b)
    assert 1 <= moves <= 10, (moves, ranges)  # the total rose on every poll


def test_steady_range_keeps_a_range_that_holds_the_values_and_fits_again_when_it_must() -> None:
    shown = [0.0, 100.0]
    assert steady_range((10.0, 90.0), 2.0, shown) == (0.0, 100.0)  # held, and filled enough: kept
    assert steady_range((10.0, 40.0), 2.0, shown) == (8.0, 42.0)  # a third of it: fitted again
    assert steady_range((10.0, 110.0), 2.0, shown) == (8.0, 122.0)  # past the top: headroom above
    assert steady_range((-10.0, 90.0), 2.0, shown) == (-12.0, 92.0)  # below the bottom: fitted, no headroom
    assert steady_range((10.0, 90.0), 2.0, None) == (8.0, 92.0)  # the first fit: padded only
    assert RANGE_MIN_FILL == 0.6 and RANGE_HEADROOM == 0.1
