"""The GUI thread's garbage collection policy (services.gui_thread_gc), the event-loop lag of issue 15: a full
(generation 2) collection walks every object the process holds, tens of ms on the GUI thread. It runs only once
generation 2 grew by a quarter since the last full one (Python's own rule), and once the console is up the start-up's
objects are frozen out of every later collection (given back, and freed on the GUI thread, at shutdown)."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any, Iterator

import pytest

from dyconsole.services.gui_thread_gc import GuiThreadCollection
from tests.live.test_live_window import drive
from tests.support.loop_waits import until


@pytest.fixture
def collection(qapp) -> Iterator[GuiThreadCollection]:  # type: ignore[no-untyped-def]
    was_enabled = gc.isenabled()
    c = GuiThreadCollection(tick_ms=60_000)  # ticked by hand
    c.install()
    try:
        yield c
    finally:
        c.uninstall()
    assert gc.isenabled() == was_enabled and gc.get_freeze_count() == 0


@pytest.fixture
def generations_collected() -> Iterator[list[int]]:
    seen: list[int] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    try:
        yield seen
    finally:
        gc.callbacks.remove(record)


def _counts_past_every_threshold() -> list[list[int]]:
    """Generations 2 and 1 past their thresholds (counts of the younger collections), the young count past its own
    (the objects returned must be kept alive for that)."""
    t0, t1, t2 = gc.get_threshold()
    for _ in range(t2 + 1):
        gc.collect(1)  # each counts one for generation 2
    for _ in range(t1 + 1):
        gc.collect(0)  # each counts one for generation 1
    young = [[] for _ in range(t0 + 10)]
    assert all(c > t for c, t in zip(gc.get_count(), (t0, t1, t2)))
    return young


def test_generation_2_waits_until_it_grew_by_a_quarter(collection: GuiThreadCollection,
                                                        generations_collected: list[int]) -> None:
    collection.collect()  # the base of the quarter rule
    young = _counts_past_every_threshold()
    generations_collected.clear()
    collection.tick()
    assert generations_collected == [1] and young  # every count past its threshold, but not a quarter more objects
    kept = [[k] for k in range(len(gc.get_objects(generation=2)) // 4 + 1000)]  # a quarter more, then moved to gen 2
    gc.collect(1)
    young_again = _counts_past_every_threshold()  # (the first young lists kept: freeing them lowers the count)
    generations_collected.clear()
    collection.tick()
    assert generations_collected == [2] and young and young_again and kept


def test_under_the_young_threshold_nothing_is_collected(collection: GuiThreadCollection,
                                                       generations_collected: list[int]) -> None:
    gc.collect()
    generations_collected.clear()
    assert collection.tick() == 0 and generations_collected == []


def test_frozen_survivors_are_left_out_of_collections_and_freed_on_this_thread_at_uninstall(qapp) -> None:  # type: ignore[no-untyped-def]
    freed_on: list[str] = []

    class Cycle:
        me: object

    alive = Cycle()
    alive.me = alive
    weakref.finalize(alive, lambda: freed_on.append(threading.current_thread().name))
    c = GuiThreadCollection(tick_ms=60_000)
    assert c.freeze_survivors() == 0 and gc.get_freeze_count() == 0  # not installed: not this object's to change
    c.install()
    try:
        assert c.freeze_survivors() > 0 and gc.get_freeze_count() > 0
        del alive  # garbage now, but frozen: no later collection walks it
        c.collect()
        assert freed_on == []
    finally:
        c.uninstall()  # unfrozen, then collected here
    assert freed_on == ["MainThread"] and gc.get_freeze_count() == 0


def test_the_freeze_walks_nothing_and_the_garbage_it_froze_is_freed_at_uninstall(qapp) -> None:  # type: ignore[no-untyped-def]
    """Freezing runs no collection (a full one walked every object: the longest stall of a run); garbage there
    then (the start's httpx answers, in cycles) is frozen with the survivors and freed at uninstall, here."""
    freed_on: list[str] = []
    collections: list[int] = []

    class Cycle:
        me: object

    c = GuiThreadCollection(tick_ms=60_000)
    c.install()
    gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
    try:
        garbage = Cycle()
        garbage.me = garbage
        weakref.finalize(garbage, lambda: freed_on.append(threading.current_thread().name))
        del garbage  # unreachable, not collected yet
        assert c.freeze_survivors() > 0 and collections == []
        c.collect()
        assert freed_on == []  # frozen: no later collection walks it
    finally:
        gc.callbacks.pop()
        c.uninstall()
    assert freed_on == ["MainThread"] and gc.get_freeze_count() == 0


def test_a_freeze_asked_for_later_is_skipped_if_a_window_was_opened(  # type: ignore[no-untyped-def]
        collection, qtbot) -> None:
    opened = [True]  # e.g. the sessions browser, opened before the freeze: it would be frozen with the start-up
    collection.freeze_survivors_after(10, lambda: opened[0])
    qtbot.wait(100)
    assert gc.get_freeze_count() == 0
    opened[0] = False
    collection.freeze_survivors_after(10, lambda: opened[0])
    qtbot.waitUntil(lambda: gc.get_freeze_count() > 0, timeout=5000)


@pytest.mark.parametrize("opened", [False, True])
def test_a_held_collection_collects_nothing_until_the_start_is_frozen(  # type: ignore[no-untyped-def]
        qapp, qtbot, monkeypatch, opened) -> None:
    # the console's start: its objects all live on, so no collection walks them before they are frozen (a
    # generation-1 collection of the build came before the demo room's first content); then the clock goes on,
    # frozen or not (a window the operator opened meanwhile: nothing frozen)
    ticks: list[int] = []
    tick = GuiThreadCollection.tick
    monkeypatch.setattr(GuiThreadCollection, "tick", lambda self: ticks.append(1) or tick(self))
    c = GuiThreadCollection(tick_ms=10)
    c.install(held=True)
    try:
        qtbot.wait(100)
        assert ticks == [] and gc.get_freeze_count() == 0
        c.freeze_survivors_after(10, lambda: opened)
        qtbot.waitUntil(lambda: len(ticks) >= 2, timeout=5000)
        assert (gc.get_freeze_count() > 0) is not opened
    finally:
        c.uninstall()


def test_the_console_freezes_once_its_content_shows_and_gives_it_back_at_shutdown(  # type: ignore[no-untyped-def]
        qloop, tmp_path, monkeypatch) -> None:
    # frozen after the window's clocks started (its first content drawn): the full collection before the freeze
    # (~70 ms) no longer comes between the build and the demo room's first poll
    from dyconsole.ui.main_window import MainWindow

    order: list[tuple[str, int]] = []
    start, freeze = MainWindow.start, GuiThreadCollection.freeze_survivors

    def started(window: MainWindow) -> None:
        start(window)
        order.append(("started", gc.get_freeze_count()))

    def frozen(collection: GuiThreadCollection) -> int:
        n = freeze(collection)
        order.append(("frozen", gc.get_freeze_count()))
        return n

    monkeypatch.setattr(MainWindow, "start", started)
    monkeypatch.setattr(GuiThreadCollection, "freeze_survivors", frozen)

    async def scenario(c: Any) -> None:
        await until(lambda: [step for step, _ in order] == ["started", "frozen"])

    drive(qloop, tmp_path, scenario)
    assert order[0] == ("started", 0)  # nothing frozen while the console was built and its history polled
    assert order[1][1] > 10_000  # the window, its charts, the modules...
    assert gc.get_freeze_count() == 0  # shut down: collectable again (and collected on the GUI thread)
