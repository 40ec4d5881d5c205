"""The console as the composition root wires it, built but not started (no poller, no demo room running), its
window shown at 1366x768: a test feeds products polls through its own fan-out and drives the window. A context
manager that closes what it built."""

from __future__ import annotations

import argparse
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from dyconsole.app import Console
from dyconsole.core.feed import PollFanOut
from dyconsole.services.settings.app_settings import AppSettings


@contextmanager
def wired_console(qtbot: Any, tmp_path: Path, lang: str = "en") -> Iterator[tuple[Any, PollFanOut]]:
    """(the console's parts, its poll fan-out)."""
    args = argparse.Namespace(source="demo", speed=1.0, seed=1, scenario=None, db=str(tmp_path / "w.db"), lang=lang,
                              screenshot=None, quit_after=None)
    console = Console(args, AppSettings(), lang)
    parts = console.parts = console._build()  # noqa: SLF001 - the composition root's wiring, not started
    window = parts.window
    assert window is not None
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    try:
        yield parts, parts.watch.sink  # type: ignore[misc]
    finally:
        parts.ordering.shutdown()
        if parts.recorder is not None:
            parts.recorder.close()
        window.close()
