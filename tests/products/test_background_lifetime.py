"""A worker never holds the last reference to the BackgroundWork it reports to: one let go while its work runs is
freed (its QObject destroyed) on the thread that let it go, never on the worker, and its outcome goes nowhere; one
kept gets its outcome as before."""

from __future__ import annotations

import threading
import weakref

from dyconsole.services.background import BackgroundWork


def test_a_background_work_let_go_mid_work_is_freed_on_its_own_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    started, release, ran = threading.Event(), threading.Event(), threading.Event()

    def slow() -> int:
        started.set()
        release.wait(5)
        ran.set()
        return 42

    work = BackgroundWork("lifetime-test")
    freed_on: list[str] = []
    weakref.finalize(work, lambda: freed_on.append(threading.current_thread().name))
    heard: list[object] = []
    work.finished.connect(lambda _key, result: heard.append(result))
    work.submit("k", slow)
    assert started.wait(5)
    del work  # nothing of the console's refers to it any more while the worker still runs
    release.set()
    assert ran.wait(5)
    qtbot.waitUntil(lambda: bool(freed_on), timeout=5000)
    qtbot.wait(50)  # the outcome, had it anywhere to go, would be delivered by now
    assert freed_on == ["MainThread"] and heard == []


def test_a_kept_background_work_still_gets_its_outcome(qtbot) -> None:  # type: ignore[no-untyped-def]
    work = BackgroundWork("lifetime-kept")
    with qtbot.waitSignal(work.finished, timeout=5000) as outcome:
        work.submit("k", lambda: threading.current_thread().name)
    key, ran_on = outcome.args
    assert key == "k" and ran_on.startswith("lifetime-kept") and ran_on != threading.current_thread().name
    work.shutdown()
