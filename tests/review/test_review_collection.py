"""Garbage collection and the review's worker thread (a segfault seen in a CI dry run): a closed review window
leaves Python-owned Qt objects in reference cycles (pyqtgraph's parentless ViewBox menus, timers, pixmaps); a
collection of them on the worker that loads the next review ran their C++ destructors off the GUI thread.

Driven through the main window: a review opened and closed, then another opened while a stress hook collects on
the loading worker whenever Python's automatic collection is on (what an allocation threshold reached on that
thread does). The closed window's objects must be freed on the GUI thread, and every collection run there."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from tests.live.test_live_window import drive
from tests.support.loop_waits import until
from tests.support.review_support import Recorded

from dyconsole.app import Console
from dyconsole.services.gui_thread_gc import GuiThreadCollection, installed
from dyconsole.services.review import loader as review_loader
from dyconsole.ui.review.window import ReviewWindow


def _review(c: Console, sid: str) -> ReviewWindow | None:
    return next((w for w in c.review.windows if isinstance(w, ReviewWindow) and w.session.id == sid), None)


def test_a_closed_reviews_qt_objects_are_never_collected_on_the_loading_worker(
        qloop, tmp_path: Path, review_db: Path, sessions: dict[str, Recorded],  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_load = review_loader.load_review
    worker_collections: list[int] = []

    def load_with_collection(*args: Any) -> Any:  # runs on the review worker
        if gc.isenabled():  # an automatic collection, as the worker's allocations would trigger it
            worker_collections.append(gc.collect())
        return real_load(*args)

    collecting_threads: list[str] = []

    def record(phase: str, _info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            collecting_threads.append(threading.current_thread().name)

    freed_on: list[str] = []
    first, second = sessions["first"].session_id, sessions["second"].session_id

    async def scenario(c: Console) -> None:
        c.window.sessions_action.trigger()
        await until(lambda: c.review is not None and c.review.browser is not None)
        c.review.browser.open_requested.emit(first)
        await until(lambda: _review(c, first) is not None, 30)
        window = _review(c, first)
        assert window is not None
        plot = window.charts.panels[0].plot
        menu = getattr(plot, "getPlotItem", lambda: plot)().ctrlMenu  # pyqtgraph's "Plot Options" menu: a
        assert shiboken6.ownedByPython(menu)  # parentless QMenu owned by its Python wrapper, in a cycle with the plot
        del plot
        weakref.finalize(menu, lambda: freed_on.append(threading.current_thread().name))
        destroyed: list[bool] = []
        window.destroyed.connect(lambda: destroyed.append(True))
        del menu
        gc.callbacks.append(record)  # from the close on: the launcher's collection must be seen
        window.close()
        del window  # the launcher lets it go: its Python wrappers are garbage...
        await until(lambda: bool(destroyed), 10)  # ... once its C++ side is deleted
        monkeypatch.setattr(review_loader, "load_review", load_with_collection)
        try:
            c.review.browser.open_requested.emit(second)
            await until(lambda: _review(c, second) is not None, 30)
            await until(lambda: bool(freed_on), 10)
        finally:
            gc.callbacks.remove(record)

    drive(qloop, tmp_path, scenario, db=review_db)
    assert freed_on == ["MainThread"]  # the closed review's menu was destroyed on the GUI thread
    assert worker_collections == []  # no collection ran on the loading worker...
    assert collecting_threads and set(collecting_threads) == {"MainThread"}  # ... nor anywhere but the GUI thread


def test_the_collection_takes_over_from_automatic_collection_and_gives_it_back(qtbot) -> None:  # type: ignore[no-untyped-def]
    was_enabled = gc.isenabled()
    collection = GuiThreadCollection(tick_ms=10)
    collection.install()
    try:
        assert not gc.isenabled() and installed() is collection
        with pytest.raises(RuntimeError):
            GuiThreadCollection().install()  # gc is the process's: one in charge
        freed_on: list[str] = []

        class Cycle:
            me: object

        garbage = Cycle()
        garbage.me = garbage
        weakref.finalize(garbage, lambda: freed_on.append(threading.current_thread().name))
        del garbage
        young = [[] for _ in range(gc.get_threshold()[0] + 10)]  # the young generation past its threshold
        qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)  # the clock collected it...
        assert freed_on == ["MainThread"] and young  # ... on this thread
    finally:
        collection.uninstall()
    assert gc.isenabled() == was_enabled and installed() is None
