"""Fixtures of the storage tests: a fresh session database in the test's temp dir, a manual broadcast clock and
a settable wall clock (recorder heartbeats are real time)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from sqlite_utils import Database
from tests.support.storage_helpers import START, Wall

from dyconsole.core.clock import ManualClock
from dyconsole.storage.db import open_db


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "sessions.sqlite3"


@pytest.fixture
def wall() -> Wall:
    return Wall()


@pytest.fixture
def db(db_file: Path, wall: Wall) -> Iterator[Database]:
    database = open_db(db_file, wall=wall)
    yield database
    database.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)
