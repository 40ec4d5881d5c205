"""Fixtures of the report tests: the demo session of report_session, recorded once per test run (tests only
read it)."""

from __future__ import annotations

import pytest
from tests.support.report_session import START, RecordedSession, record_demo_session


@pytest.fixture(scope="session")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> RecordedSession:
    path = tmp_path_factory.mktemp("reports-db") / "sessions.sqlite3"
    return RecordedSession(path, record_demo_session(path), START)
