"""Fixtures of the import tests: the shipped sample exports, and a session database path in the test's folder."""

from __future__ import annotations

from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "import_samples"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def console(qtbot, db_path: Path):  # type: ignore[no-untyped-def]
    """The main window with its Sessions menu and Console → Import… (English), on the test's database."""
    from dyconsole.core.clock import ManualClock
    from dyconsole.services.live.feed import LiveFeed
    from dyconsole.ui.main_window import MainWindow
    from dyconsole.ui.sessions_menu import SessionsAttachment

    window = MainWindow(LiveFeed(ManualClock()), "en")
    qtbot.addWidget(window)
    sessions = SessionsAttachment(window, db_path, "en")
    yield window
    sessions.close_all()
    window.close()
