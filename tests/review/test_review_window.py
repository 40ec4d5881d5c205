"""The review window and the compare view on recorded demo sessions: the charts show the whole session, the
overview's detail window moves them, replay advances the cursor and the charts fill in behind it, the side panels
and markers show the session at the cursor, and the compare view shows both sessions and their differences."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.support.review_support import Recorded

from dyconsole.storage.recorded_session import load_review
from dyconsole.ui.review.compare_view import COMPARE_CHARTS, CompareView, diff_texts
from dyconsole.ui.review.window import REPLAY_TICK_MS, ReviewWindow


@pytest.fixture
def window(qtbot, review_db: Path, sessions: dict[str, Recorded], closing):  # type: ignore[no-untyped-def]
    w = ReviewWindow(load_review(review_db, sessions["first"].session_id), "en")
    qtbot.addWidget(w)
    closing.append(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.charts.mark_dirty()
    w.redraw_tick()
    return w


def test_the_charts_show_the_whole_session(window: ReviewWindow) -> None:
    s = window.session
    first, last = s.span()
    lo, hi = window.charts.panels[0].plot.vb.viewRange()[0]
    assert lo == pytest.approx(first, abs=1) and hi == pytest.approx(last, abs=1)
    x, y = window.charts.panels[0].curves["online"].getData()
    assert x[0] == pytest.approx(first, abs=5) and x[-1] == pytest.approx(last, abs=5)
    assert np.isnan(y).any()  # the recorded gap is a break
    assert window.overview.region.getRegion() == pytest.approx((first, last), abs=1)


def test_the_detail_window_moves_the_main_charts(window: ReviewWindow) -> None:
    s = window.session
    t0, t1 = s.start + 600, s.start + 1200
    window.overview.region.setRegion((t0, t1))
    assert not window.charts.follow
    window.redraw_tick()
    lo, hi = window.charts.panels[0].plot.vb.viewRange()[0]
    assert (lo, hi) == pytest.approx((t0, t1), abs=1)
    for panel in window.charts.panels:
        x, _y = panel.curves[panel.spec.series[0].key].getData()
        assert x.min() >= t0 - 5 and x.max() <= t1 + 5 and x.max() > t1 - 10
    # zooming the charts moves the region back
    window.charts.panels[0].plot.setXRange(s.start + 300, s.start + 900, padding=0)
    assert window.overview.region.getRegion() == pytest.approx((s.start + 300, s.start + 900), abs=1)


def test_replay_advances_the_cursor_and_the_charts_follow(window: ReviewWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    s = window.session
    window.seek(s.start + 300)
    window.set_speed(30)
    window.replay_tick()
    window.replay_tick()
    assert window.cursor == pytest.approx(s.start + 300 + 2 * 30 * REPLAY_TICK_MS / 1000)
    window.redraw_tick()
    x, _y = window.charts.panels[0].curves["online"].getData()
    assert x.max() <= window.cursor and x.max() > window.cursor - 10
    window.refresh_text()
    assert "minute 5" in window.cursor_label.text()
    before = window.cursor
    window.play_button.click()
    assert window.playing
    qtbot.waitUntil(lambda: window.cursor > before + 30, timeout=5000)  # the QTimer drives it
    window.play_button.click()
    assert not window.playing
    window.seek(s.end - 1)
    window.set_playing(True)
    window.replay_tick()
    assert window.source.at_end and not window.playing  # stops at the end
    window.set_playing(True)  # playing again starts over
    assert window.cursor == s.start
    window.set_playing(False)


def test_side_panels_markers_and_jumps_show_the_cursor(window: ReviewWindow, review_db: Path) -> None:
    s = window.session
    window.side.setCurrentWidget(window.products)
    window.seek(s.start + 20 * 60)
    window.refresh_text()
    assert window.products.table.rowCount() == len(s.products_at(window.cursor)) > 0
    assert window.products.table.item(0, 0).text() == s.products_at(window.cursor)[0].title
    window.seek(s.start + 90)
    window.refresh_text()
    early = window.tiles.tiles["gmv"].value.text()
    window.seek(s.end)
    window.refresh_text()
    assert window.tiles.tiles["gmv"].value.text() != early
    # one alert, two operator events and the finish: markers and list rows
    table = window.timeline.table
    assert table.rowCount() == len(s.alerts) + len(s.events) == 4
    assert any("Alert" in (table.item(r, 1).text()) for r in range(table.rowCount()))
    window.timeline.jump_requested.emit(s.alerts[0].fired_at)
    assert window.cursor == s.alerts[0].fired_at
    window.side.setCurrentWidget(window.funnel.parentWidget().parentWidget())
    window.refresh_text(force=True)
    assert window.funnel.counts[1].text() not in ("", "—")


def test_compare_view_overlays_both_sessions_and_shows_differences(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                                  sessions: dict[str, Recorded], closing) -> None:
    a = load_review(review_db, sessions["first"].session_id)
    b = load_review(review_db, sessions["second"].session_id)
    view = CompareView(a, b, "en")
    qtbot.addWidget(view)
    closing.append(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    view.redraw()
    assert len(view.plots) == len(COMPARE_CHARTS)
    xa, _ = view.curves["online"][0].getData()
    xb, _ = view.curves["online"][1].getData()
    assert xa.min() >= 0 and 39 < xa.max() <= 40  # minutes since each start
    assert xb.min() >= 0 and 29 < xb.max() <= 30
    assert "冬季上新专场" in view.legend.text() and "年货节预热" in view.legend.text()
    rows = {view.table.item(r, 0).text(): r for r in range(view.table.rowCount())}
    gmv = next(d for d in view.diffs if d.spec.key == "gmv")
    r = rows["GMV"]
    assert tuple(view.table.item(r, c).text() for c in range(1, 5)) == diff_texts(gmv, "en")
    assert view.table.item(r, 3).text()[0] == ("+" if gmv.b > gmv.a else "−")


def test_a_feature_adds_a_review_tab_shown_at_the_cursor(window: ReviewWindow) -> None:
    from PySide6.QtWidgets import QLabel

    seen: list[float] = []
    panel = QLabel()
    window.add_review_tab("roi", panel, "ROI", lambda: seen.append(window.cursor))
    assert window.review_tab_keys() == ["funnel", "traffic", "audience", "products", "timeline", "roi"]
    window.seek(window.session.start + 300)
    window.refresh_text()
    assert seen == []  # not the current tab: not refreshed
    window.show_review_tab("roi")
    assert panel.isVisible() and seen == [window.session.start + 300]
    window.refresh_text()
    assert len(seen) == 1  # the cursor did not move
    window.seek(window.session.start + 600)
    window.refresh_text()
    assert seen[-1] == window.session.start + 600
