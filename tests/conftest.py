"""Test scaffolding shared by every test.

- Qt runs offscreen (set before any Qt import, or pytest aborts in the qapp fixture on a machine with no display).
- Every test gets its own data dir and settings (never the user's) and an in-memory keyring.
- `qloop`: a qasync event loop on the test's QApplication that fails the test on any loop exception.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHONHASHSEED", "0")

import asyncio  # noqa: E402
import gc  # noqa: E402
import sys  # noqa: E402
from typing import Iterator  # noqa: E402

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import keyring.errors  # noqa: E402
import pytest  # noqa: E402


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keyring that lives in a dict, so tests never touch (or need) an OS keyring."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.store[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    data = tmp_path_factory.mktemp("dyconsole-data")
    monkeypatch.setenv("DYCONSOLE_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(data / "share"))
    if "PySide6.QtCore" in sys.modules:  # Qt caches its settings path: point QSettings (window layout) here too
        from PySide6.QtCore import QSettings

        for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
            QSettings.setPath(fmt, QSettings.Scope.UserScope, str(data / "config"))
    monkeypatch.delenv("DYCONSOLE_SECRET", raising=False)
    monkeypatch.delenv("DYCONSOLE_DOUDIAN_SECRET", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    ring = keyring.get_keyring()
    assert isinstance(ring, MemoryKeyring)
    return ring


@pytest.fixture
def qloop(qapp):  # type: ignore[no-untyped-def]
    """A qasync loop on the test's QApplication; any exception the loop catches fails the test."""
    import qasync

    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("dyconsole-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    loop = qasync.QEventLoop(qapp, already_running=False)
    errors: list[dict] = []

    def handler(_loop: asyncio.AbstractEventLoop, context: dict) -> None:
        errors.append(context)

    loop.set_exception_handler(handler)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        try:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        finally:
            asyncio.set_event_loop(None)
            loop.close()
    if errors:
        first = errors[0]
        exc = first.get("exception")
        raise AssertionError(f"event loop error: {first.get('message')}: {exc!r}") from exc


@pytest.fixture(autouse=True)
def _collect_between_tests():  # type: ignore[no-untyped-def]
    """After each test: Qt's deferred deletes delivered and Python's garbage collected, while no worker of the test
    runs. Left to chance, a collection of one test's stale Qt wrappers ran inside the next test's event loop while a
    review loaded on a worker, and crashed (a segfault seen in a CI dry run in tests/review). The console collects on
    the GUI thread itself while it runs (services.gui_thread_gc, tests/review/test_review_collection.py); this is still
    needed for the tests that build windows and workers without the console (automatic collection is on there)."""
    yield
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None and qtcore.QCoreApplication.instance() is not None:
        qtcore.QCoreApplication.sendPostedEvents(None, qtcore.QEvent.Type.DeferredDelete)
    gc.collect()
