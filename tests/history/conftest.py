"""Fixtures of the history tests: the demo sessions of tests.support.history_sessions, recorded once per run and
copied afresh for each test (figures get cached into the file as it is read)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from tests.support.history_sessions import HistoryDb, record_history


@pytest.fixture(scope="session")
def recorded_history(tmp_path_factory: pytest.TempPathFactory) -> HistoryDb:
    return record_history(tmp_path_factory.mktemp("history") / "template.sqlite3")


@pytest.fixture
def history_db(recorded_history: HistoryDb, tmp_path: Path) -> HistoryDb:
    target = tmp_path / "sessions.sqlite3"
    shutil.copyfile(recorded_history.path, target)
    return HistoryDb(target, recorded_history.today, recorded_history.sessions, recorded_history.rooms)


@pytest.fixture
def main_window(qtbot) -> Iterator:  # type: ignore[no-untyped-def]
    from dyconsole.core.clock import ManualClock
    from dyconsole.services.live.feed import LiveFeed
    from dyconsole.ui.main_window import MainWindow

    window = MainWindow(LiveFeed(ManualClock()), "en")
    qtbot.addWidget(window)
    yield window
    window.close()
