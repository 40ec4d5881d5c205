"""The surge watch with its detector on a worker (as the console wires it): the polls' hints come back in poll
order, each stored with the session before anyone is told, and `on_poll` follows each poll's hints; the UI thread
only hands the poll over."""

from __future__ import annotations

import threading
import time

from dyconsole.core.products.surge import SurgeHint
from dyconsole.services.background import BackgroundWork
from dyconsole.services.products.surge import SURGE_EVENT, SurgeWatch


class _Log:
    def __init__(self) -> None:
        self.events: list[tuple[str, str, float | None]] = []

    def add_event(self, kind: str, payload: dict | None = None, ts: float | None = None) -> None:
        self.events.append((kind, (payload or {})["product_id"], ts))


class _SlowDetector:
    """A hint at every poll after the first, slower for the early polls (a later poll must not overtake)."""

    def __init__(self) -> None:
        self.active: list[str] = []
        self.threads: set[str] = set()

    def push(self, ts: float, _products: object) -> list[SurgeHint]:
        self.threads.add(threading.current_thread().name)
        time.sleep(0.02 if ts < 90.0 else 0.0)
        self.active = [f"p{int(ts)}"]
        return [SurgeHint(f"p{int(ts)}", "连衣裙", ts, 12.5, 0.01, 0.05, True, ts - 60)] if ts > 30.0 else []


def test_hints_from_the_worker_come_back_in_poll_order_stored_before_told(qtbot) -> None:  # type: ignore[no-untyped-def]
    log = _Log()
    detector = _SlowDetector()
    work = BackgroundWork("surge-test")
    watch = SurgeWatch(log, detector, work=work)  # type: ignore[arg-type]
    told: list[tuple[str, int]] = []
    polled: list[list[str]] = []
    watch.subscribe(lambda h: told.append((h.product_id, len(log.events))), lambda: polled.append(watch.active))
    started = time.perf_counter()
    for ts in (30.0, 60.0, 90.0, 120.0):
        watch.on_products(ts, [])
    handed_over = time.perf_counter() - started
    assert watch.busy and not told  # nothing is told inside the poll
    qtbot.waitUntil(lambda: not watch.busy, timeout=5000)
    assert handed_over < 0.02  # the two slow polls ran on the worker, not in on_products
    assert detector.threads and threading.current_thread().name not in detector.threads
    assert log.events == [(SURGE_EVENT, "p60", 60.0), (SURGE_EVENT, "p90", 90.0), (SURGE_EVENT, "p120", 120.0)]
    assert told == [("p60", 1), ("p90", 2), ("p120", 3)]  # in poll order, each after it was stored
    assert polled == [["p30"], ["p60"], ["p90"], ["p120"]]  # every poll, with who was up after it
    assert [h.product_id for h in watch.hints] == ["p60", "p90", "p120"]
    watch.shutdown()


def test_work_submitted_when_idle_starts_only_after_the_event_in_hand_and_in_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    """As the console wires the per-poll workers: what a poll submits starts once the UI thread is back in its event
    loop (so the worker's Python does not take the GIL from the rest of the poll), in the order submitted, and
    its outcome comes back as ever."""
    work = BackgroundWork("idle-test", when_idle=True)
    ran: list[tuple[str, int]] = []
    done: list[object] = []
    work.finished.connect(lambda key, result: done.append((key, result)))
    futures = [work.submit(k, lambda k=k: ran.append((threading.current_thread().name, k)) or k * 10)
               for k in range(3)]
    time.sleep(0.05)  # the worker is free, but nothing was started while this "event" is handled
    assert ran == [] and not any(f.done() for f in futures)
    qtbot.waitUntil(lambda: len(done) == 3, timeout=5000)  # the event loop ran: started, in order
    assert [k for _, k in ran] == [0, 1, 2] and all(name.startswith("idle-test") for name, _ in ran)
    assert done == [(0, 0), (1, 10), (2, 20)] and [f.result() for f in futures] == [0, 10, 20]
    work.shutdown()
