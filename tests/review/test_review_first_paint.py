"""Choosing a session paints its charts before the whole session has loaded (issue 15): the review window is built
ahead (the launcher's spare, made once the sessions browser is up), the charts are drawn from the room columns they
show (storage.recorded_session.load_charts_preview) and the whole session fills the same window when it arrives.

The preview's curves must be the session's real curves: the same decimated envelope, point for point, as the whole
session draws."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shiboken6
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.review_support import Recorded, record_demo_session

from dyconsole.app import Console
from dyconsole.core.review.preview import ChartsPreview
from dyconsole.storage.recorded_session import load_charts_preview, load_review
from dyconsole.ui.review.launcher import ReviewLauncher
from dyconsole.ui.review.window import CHART_COLUMNS, ReviewWindow

WIDTHS = (2, 37, 300, 1366, 5000)  # pixel widths: a few points per bucket, one, none


@pytest.mark.parametrize("name", ["first", "second", "other"])
def test_the_preview_draws_the_whole_sessions_envelope(review_db: Path, sessions: dict[str, Recorded],
                                                        name: str) -> None:
    sid = sessions[name].session_id
    preview = load_charts_preview(review_db, sid, CHART_COLUMNS)
    whole = load_review(review_db, sid)
    assert isinstance(preview, ChartsPreview) and preview.id == sid
    assert preview.span() == whole.span() and preview.start == whole.start and preview.length_s == whole.length_s
    assert preview.online_is_estimate == whole.online_is_estimate == (name != "other")
    span = whole.span()
    assert span is not None
    t0, t1 = span
    ranges = ((t0, t1), (t0 + 300.0, t0 + 900.0), (t1 - 61.0, t1 + 30.0))
    compared = 0
    for key in CHART_COLUMNS[:-1]:
        for lo, hi in ranges:
            for width in WIDTHS:
                x, y = preview.view(key, lo, hi, width)
                wx, wy = whole.view(key, lo, hi, width)
                np.testing.assert_array_equal(x, wx)
                np.testing.assert_array_equal(y, wy)  # NaN (a gap's break) where the whole session has one
                compared += int(np.isfinite(y).sum())
    assert compared > 1000  # the curves have data: the comparison is not of empty views


def test_a_session_without_stored_figures_has_no_preview(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = record_demo_session(path, seed=4, minutes=10, live_derived=False)
    assert load_charts_preview(path, old.session_id, CHART_COLUMNS) is None  # it is derived by the whole load
    assert load_review(path, old.session_id).series["entries_per_min"].values.size > 0


def _drawn(window: ReviewWindow) -> dict[str, tuple[np.ndarray, np.ndarray, int, tuple[float, float]]]:
    """Each curve's drawn points, with the pixel width and the time range it was drawn for."""
    out = {}
    rng = window.charts.x_range()
    assert rng is not None
    for panel in window.charts.panels:
        for key, curve in panel.curves.items():
            x, y = curve.getData()
            out[key] = (np.array(x), np.array(y), panel.pixel_width(), rng)
    return out


def test_choosing_a_session_paints_its_charts_in_the_spare_window_then_fills_it(
        qloop, tmp_path: Path, review_db: Path, sessions: dict[str, Recorded]) -> None:  # type: ignore[no-untyped-def]
    first, second = sessions["first"].session_id, sessions["second"].session_id
    shown: list[tuple[ReviewWindow, str | None, dict, bool]] = []

    async def scenario(c: Console) -> None:
        c.window.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        launcher = c.review
        await until(lambda: launcher.spare is not None, 10)  # built while the operator looks at the list
        spare = launcher.spare
        assert spare is not None and not spare.isVisible() and spare.session is None
        launcher.charts_shown.connect(lambda w: shown.append(
            (w, None if w.session is None else w.session.id, _drawn(w), w.replay_row.isEnabled())))
        opened: list[ReviewWindow] = []
        launcher.window_opened.connect(opened.append)
        launcher.browser.select_ids([first])
        launcher.browser.open_selected()
        await until(lambda: bool(opened), 30)
        window = opened[0]
        # the charts were shown first, in the spare window, from the preview: no session, no replay yet
        assert len(shown) == 1 and shown[0][0] is window is spare
        assert shown[0][1] is None and shown[0][3] is False
        # ... and what they drew is what the whole session draws at that pixel width, over the whole session
        session = window.session
        assert session is not None and session.id == first and window.replay_row.isEnabled()
        assert set(shown[0][2]) == set(CHART_COLUMNS[:-1])
        for key, (px, py, width, (t0, t1)) in shown[0][2].items():
            assert len(px) > 10 and width > 100 and (t0, t1) == session.span()
            x, y = session.view(key, t0, t1, width)
            np.testing.assert_array_equal(px, x)
            np.testing.assert_array_equal(py, y)
        keys = window.review_tab_keys()
        assert keys[:5] == ["funnel", "traffic", "audience", "products", "timeline"] and len(keys) == len(set(keys))
        assert window.overview is not None and window.report_action.isEnabled()
        # a new spare is built for the next choice; the next session gets a window of its own, fresh
        await until(lambda: launcher.spare is not None, 10)
        assert launcher.spare is not window
        launcher.browser.open_requested.emit(second)
        await until(lambda: len(opened) == 2, 30)
        other = opened[1]
        assert other is not window and other.session is not None and other.session.id == second
        assert other.review_tab_keys() == keys  # the same tabs, once each (nothing left from another session)
        assert window.session.id == first and len(launcher.windows) == 2

    drive(qloop, tmp_path, scenario, db=review_db)


def test_a_window_closed_before_its_session_arrives_is_let_go(qtbot, review_db: Path,  # type: ignore[no-untyped-def]
                                                              sessions: dict[str, Recorded]) -> None:
    launcher = ReviewLauncher(review_db, "en")
    opened: list[ReviewWindow] = []
    launcher.window_opened.connect(opened.append)
    try:
        first = sessions["first"].session_id
        with qtbot.waitSignal(launcher.charts_shown, timeout=10_000) as charts:
            launcher.open_session(first)  # no browser, no spare: the window is built now
        window = charts.args[0]
        assert isinstance(window, ReviewWindow) and window.session is None and window.isVisible()
        destroyed: list[bool] = []
        window.destroyed.connect(lambda: destroyed.append(True))
        window.close()
        qtbot.waitUntil(lambda: bool(destroyed), timeout=5_000)
        launcher.loader.shutdown()  # the whole load is done: its outcome is delivered...
        qtbot.wait(200)
        assert opened == [] and launcher.windows == []  # ... and opens nothing
    finally:
        launcher.close_all()


def test_an_old_session_opens_whole_without_a_preview(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.sqlite3"
    old = record_demo_session(path, seed=4, minutes=10, live_derived=False)
    launcher = ReviewLauncher(path, "en")
    previews: list[object] = []
    launcher.charts_shown.connect(previews.append)
    try:
        assert launcher.prepare_spare() is launcher.spare is not None
        spare = launcher.spare
        with qtbot.waitSignal(launcher.window_opened, timeout=10_000) as opened:
            launcher.open_session(old.session_id)
        assert opened.args[0] is spare and spare.session is not None and spare.session.id == old.session_id
        assert previews == [] and launcher.spare is None  # taken; a new one comes once the UI is idle
    finally:
        launcher.close_all()


def test_a_session_that_fails_to_load_closes_its_charts_and_says_so(  # type: ignore[no-untyped-def]
        qtbot, review_db: Path, sessions: dict[str, Recorded], monkeypatch: pytest.MonkeyPatch) -> None:
    from dyconsole.services.review import loader as review_loader
    from dyconsole.storage.errors import StorageError
    from dyconsole.ui.review import launcher as review_launcher

    def broken(*_args: object) -> object:
        raise StorageError("the file went away")

    said: list[str] = []
    monkeypatch.setattr(review_loader, "load_review", broken)
    monkeypatch.setattr(review_launcher.QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    launcher = ReviewLauncher(review_db, "en")
    opened: list[ReviewWindow] = []
    launcher.window_opened.connect(opened.append)
    shown: list[ReviewWindow] = []
    launcher.charts_shown.connect(shown.append)
    try:
        launcher.open_session(sessions["first"].session_id)
        qtbot.waitUntil(lambda: bool(said), timeout=10_000)
        # its charts were shown, then closed (and, once Qt got to it, deleted: either way not on the screen)
        assert len(shown) == 1 and (not shiboken6.isValid(shown[0]) or not shown[0].isVisible())
        assert "the file went away" in said[0] and opened == [] and launcher.windows == []
    finally:
        launcher.close_all()
