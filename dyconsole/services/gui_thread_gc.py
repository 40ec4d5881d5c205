"""Python's cyclic garbage collection kept on the GUI thread: `GuiThreadCollection`.

CPython runs an automatic collection on whichever thread's allocation crosses the threshold. A worker
(services.background.BackgroundWork: a review loading, a refit) could so collect the garbage the GUI thread left:
a closed window's Python-owned Qt objects held in reference cycles (pyqtgraph's parentless menus and timers,
pixmaps), whose C++ destructors then ran on the worker (a QWidget destroyed off the GUI thread: a segfault seen in a
CI dry run while a review loaded). While installed, automatic collection is off and this object collects on its own
(the GUI) thread: on a clock, the generation Python itself would have chosen once the counts pass its thresholds,
and in full right after a window is destroyed (`collect_soon`, so a closed window's objects go at once). Uninstalled
(the console's shutdown, once every worker has stopped), automatic collection is as it was.

A full (generation 2) collection walks every object the process holds (the window's Qt wrappers, pyqtgraph's items,
the imported modules: tens of ms on the GUI thread, a stutter in the charts). So, as Python's own collector does,
generation 2 is collected only once it has grown by a quarter since the last full collection (the counts alone do
not say it: Python keeps that rule apart from them); and once the console is up (`freeze_survivors`), what lives
then (the start-up's objects, which live until shutdown) is moved out of every later collection (gc.freeze): the
later ones walk only what came after. Uninstalling unfreezes them first, so the last collection here frees them.

The collection is the process's (gc is global): one installed at a time; `installed()` is it, or None.
"""

from __future__ import annotations

import gc
from typing import Callable

from PySide6.QtCore import QObject, QTimer

TICK_MS = 500  # how often the counts are looked at (a collection takes a few ms; the GUI never waits longer)

_installed: GuiThreadCollection | None = None


class GuiThreadCollection(QObject):
    """Collects Python's garbage on this object's thread only (make it on the GUI thread)."""

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self._clock = QTimer(self)
        self._clock.setInterval(tick_ms)
        self._clock.timeout.connect(self.tick)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.collect)
        self._was_enabled: bool | None = None  # automatic collection before install (None: not installed)
        self._old_after_full = 0  # objects in generation 2 after the last full collection
        self._froze = False  # freeze_survivors() moved the survivors out of the collections

    @property
    def active(self) -> bool:
        return self._was_enabled is not None

    def install(self, held: bool = False) -> None:
        """Automatic collection off; collect on this thread from now on (`held`: none at all until
        `freeze_survivors_after` has frozen the start-up's objects: the console's start, whose objects all live on)."""
        global _installed
        if self.active:
            return
        if _installed is not None:
            raise RuntimeError("a GuiThreadCollection is installed already")
        self._was_enabled = gc.isenabled()
        gc.disable()
        _installed = self
        if not held:
            self._clock.start()

    def uninstall(self) -> None:
        """Collect once more here, then give automatic collection back (call once no worker runs)."""
        global _installed
        if not self.active:
            return
        self._clock.stop()
        self._soon.stop()
        if self._froze:  # the start-up's objects are collectable again: freed here, on this thread
            gc.unfreeze()
            self._froze = False
        self.collect()
        if self._was_enabled:
            gc.enable()
        self._was_enabled = None
        _installed = None

    def tick(self) -> int:
        """Collect the generation Python would have collected by now (none while the young count is under its
        threshold; generation 2 only once it grew by a quarter since the last full collection); returns the objects
        freed."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        if counts[0] <= thresholds[0]:
            return 0
        if counts[1] <= thresholds[1]:
            return gc.collect(0)
        if counts[2] > thresholds[2] and self._old_grew_by_a_quarter():  # looked at (a walk of the list) only
            return self.collect()  # when generation 1 is due, every ~10 young collections
        return gc.collect(1)

    def _old_grew_by_a_quarter(self) -> bool:
        """Generation 2 holds a quarter more objects than after the last full collection (Python's rule)."""
        return len(gc.get_objects(generation=2)) - self._old_after_full > self._old_after_full / 4

    def freeze_survivors(self) -> int:
        """The console is up: move every object tracked now out of the later collections (start-up objects live
        until shutdown; walking them again each full collection is what made it long). Returns the objects frozen
        (0 when not installed: automatic collection is not this object's to change).

        Frozen without a full collection first: that walked every object (~65,000 for the demo room, 30-50 ms on
        an idle 2-core PC, up to ~100 ms on a loaded one: the longest stall of a run, a room poll skipped at 60x)
        to free the start's garbage, ~3,000 objects (its catch-up's httpx requests and answers, ~1 MB), which is
        frozen with the rest instead and freed at `uninstall`, on this thread."""
        if not self.active:
            return 0
        gc.freeze()
        self._froze = True
        self._old_after_full = len(gc.get_objects(generation=2))
        return gc.get_freeze_count()

    def freeze_survivors_after(self, ms: int, unless: Callable[[], bool]) -> None:
        """`freeze_survivors()` `ms` from now, on this thread, unless `unless()` says no then (something the operator
        opened meanwhile would be frozen with the start-up's objects, for good: then nothing is frozen, and the later
        full collections walk everything, as without a freeze). Not installed by then: nothing. A collection held
        since `install(held=True)` goes on then: until that freeze, no collection walked the start's objects (a
        generation-1 collection of the console's build, 20-40 ms, came before its first content)."""

        def freeze() -> None:
            if not unless():
                self.freeze_survivors()
            if self.active and not self._clock.isActive():
                self._clock.start()

        QTimer.singleShot(ms, self, freeze)

    def collect_soon(self) -> None:
        """A full collection once this thread is back in its event loop (a window was just destroyed)."""
        if self.active:
            self._soon.start()

    def collect(self) -> int:
        """A full collection, now (the size of generation 2 after it is the base of the quarter rule)."""
        freed = gc.collect()
        self._old_after_full = len(gc.get_objects(generation=2))
        return freed


def installed() -> GuiThreadCollection | None:
    """The collection in charge (None: Python's automatic collection runs, on any thread)."""
    return _installed


def collect_soon() -> None:
    """Ask the installed collection for a full collection on the GUI thread soon (nothing when none is installed:
    automatic collection then does it, wherever it happens)."""
    if _installed is not None:
        _installed.collect_soon()
