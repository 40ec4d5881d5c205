"""Fixtures of the review tests: three demo-room sessions recorded once per test run through the real Recorder
(two broadcasts of one room on different days with the console's online estimate, as the demo room serves them;
one of another room whose source has a real online count), copied afresh for every test so that notes
and deletions never leak between tests."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from tests.support.review_support import DAY, FIRST_START, Recorded, record_demo_session


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Recorded]]:
    path = tmp_path_factory.mktemp("review") / "template.sqlite3"
    sessions = {
        "first": record_demo_session(path, seed=1, minutes=40, title="冬季上新专场", gap_at_min=10),
        "second": record_demo_session(path, seed=2, minutes=30, start=FIRST_START + DAY, title="年货节预热"),
        "other": record_demo_session(path, seed=3, minutes=20, start=FIRST_START + 3 * DAY, title="秋冬清仓",
                                     room_id="7300000000000000002", serve_online=True),
    }
    return path, sessions


@pytest.fixture
def review_db(recorded: tuple[Path, dict[str, Recorded]], tmp_path: Path) -> Path:
    """A fresh copy of the recorded database for one test."""
    target = tmp_path / "sessions.sqlite3"
    shutil.copyfile(recorded[0], target)
    return target


@pytest.fixture
def sessions(recorded: tuple[Path, dict[str, Recorded]]) -> dict[str, Recorded]:
    return recorded[1]


@pytest.fixture
def closing(qtbot) -> Iterator[list]:  # type: ignore[no-untyped-def]
    """Windows to close and delete at teardown (a pyqtgraph widget alive at exit can crash)."""
    windows: list = []
    yield windows
    for w in windows:
        w.close()
        w.deleteLater()
