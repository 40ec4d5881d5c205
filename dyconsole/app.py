"""The GUI composition root: `dyconsole` with no verb opens the live console window.

Builds everything and wires it: settings, theme and translations; the clock (accelerated for the demo room); the
room source (the in-process demo room through httpx.ASGITransport, or the operator's saved live connection); the
session recorder and the live feed behind one fan-out sink; the poller session; the main window. Runs the asyncio
loop on Qt's through qasync, and on the way out stops the poller, closes the recorder and the clients, and closes
and deletes the window (a pyqtgraph widget alive at interpreter exit can crash). `--screenshot PATH --quit-after S`
renders the window to a PNG after S real seconds and quits. Only this module (with cli/commands) may import the
emulator.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from dyconsole.core.clock import Clock, ScaledClock, WallClock
from dyconsole.core.model import ConnectionState, SourceHealth
from dyconsole.services.live.feed import LiveFeed
from dyconsole.services.live.polling import FanOut, PollingTask
from dyconsole.services.live.connection import (
    NotConfigured,
    RoomConnection,
    connect_room,
    saved_connection,
)
from dyconsole.services.settings.app_settings import AppSettings, load_settings, save_settings
from dyconsole.sources.credentials import MemoryTokenStore, open_token_store
from dyconsole.sources.errors import SourceError
from dyconsole.sources.poller import Poller
from dyconsole.sources.retry import StoppedWaiting, retry_until_connected
from dyconsole.storage.errors import StorageError
from dyconsole.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DEFAULT_SCREENSHOT_AFTER_S = 3.0
SCREENSHOT_SIZE = (1600, 900)


class Console:
    """One run of the console window: owns the pieces and their order of start and shutdown."""

    def __init__(self, args: argparse.Namespace, settings: AppSettings, lang: str) -> None:
        self.args = args
        self.settings = settings
        self.lang = "en" if lang == "en" else "zh"
        self.demo_mode = getattr(args, "source", "demo") != "live"
        self.clock: Clock = ScaledClock(speed=max(0.01, float(args.speed or 1.0))) if self.demo_mode else WallClock()
        self.store: Any = MemoryTokenStore() if self.demo_mode else open_token_store()
        self.feed = LiveFeed(self.clock)
        self.recorder: Any = None
        self.recording_problem = ""
        self.source: Any = None
        self.session: PollingTask | None = None
        self.demo: Any = None
        self.window: MainWindow | None = None
        self.exit_code = 0
        self._done = asyncio.Event()
        self._settings_dialog: Any = None
        self._watch: asyncio.Future[Any] | None = None  # connecting and starting the poller (or reconnecting)
        self.review: Any = None  # ui.review_launcher.ReviewLauncher, once the operator opens the sessions
        self.alerts: Any = None  # services.alerts.AlertService: the rules evaluated on every poll

    # --- pieces ---------------------------------------------------------------------------------------------------
    def _open_recorder(self) -> None:
        from dyconsole.storage.db import open_db
        from dyconsole.storage.recorder import Recorder

        try:
            db = open_db(getattr(self.args, "db", None))
            self.recorder = Recorder(db, self.clock, source=self.args.source or "demo")
        except StorageError as exc:
            self.recording_problem = str(exc)
            log.error("not recording: %s", exc)
        self._open_alerts(self.recorder.db if self.recorder is not None else None)
        if self.recorder is not None:
            self.alerts.keep_rules_with_sessions(self.recorder)

    def _open_alerts(self, db: Any) -> None:
        from dyconsole.core.alerts import EXAMPLE_NORMS
        from dyconsole.services.alerts.service import DEMO_ROOM_NORMS, AlertService

        self.alerts = AlertService(self.clock, db, self.lang, session_id=self._recording_session,
                                   norms=DEMO_ROOM_NORMS if self.demo_mode else EXAMPLE_NORMS)

    def _recording_session(self) -> str | None:
        rec = self.recorder
        return rec.session_id if rec is not None and rec.recording else None

    def _demo_connection(self) -> tuple[RoomConnection, Any]:
        from dyconsole.commands.demo_wiring import demo_connection

        connection, transport, self.demo = demo_connection(self.clock, self.args.seed, self.args.scenario)
        return connection, transport

    async def _connect(self) -> bool:
        """Build and authorize the room source; on failure show why in the status strip and return False."""
        try:
            if self.demo_mode:
                connection, transport = self._demo_connection()
            else:
                connection, transport = saved_connection(self.settings, self.store), None
            self.source = await retry_until_connected(
                lambda: connect_room(connection, self.clock, self.store, transport=transport, qps=self.settings.qps),
                self.clock, self._done, on_retry=self._retrying)
            if self.feed.health is not None and self.feed.health.state is not ConnectionState.OK:
                # reached after retries: the "cannot reach" problem is over (the poller reports from here on)
                self.feed.on_health(SourceHealth(ConnectionState.OK, changed_at=self.clock.now()))
        except NotConfigured as exc:
            self._show_problem(QCoreApplication.translate("Console", str(exc)))
            self.open_settings()
            return False
        except StoppedWaiting:  # the window closed while the room could not be reached
            return False
        except (SourceError, ValueError, OSError) as exc:
            self._show_problem(str(exc))
            return False
        return True

    def _retrying(self, err: Exception, delay: float) -> None:
        """The first connection failed for a passing reason (no network yet, 5xx...): said, and tried again."""
        message = QCoreApplication.translate("Console", "Cannot reach the room yet (%1); trying again in %2 s")
        log.warning("cannot reach the room yet (%s); retrying in %.0f s", err, delay)
        self.feed.on_health(SourceHealth(ConnectionState.DEGRADED,
                                         last_error=message.replace("%1", str(err)).replace("%2", f"{delay:.0f}"),
                                         changed_at=self.clock.now()))
    def _show_problem(self, message: str) -> None:
        log.warning("%s", message)
        self.feed.on_health(SourceHealth(ConnectionState.DOWN, last_error=message, changed_at=self.clock.now()))

    def open_sessions(self) -> None:
        """The sessions browser (offline review, compare) on the database this run records into."""
        if self.review is None:
            from dyconsole.ui.review.launcher import ReviewLauncher

            self.review = ReviewLauncher(getattr(self.args, "db", None), self.lang)
        self.review.show_browser()

    def open_settings(self) -> None:
        from dyconsole.ui.settings.dialog import SettingsDialog

        if self._settings_dialog is not None:
            self._settings_dialog.raise_()
            return
        dialog = SettingsDialog(self.settings, self.store, self.window)
        dialog.settingsSaved.connect(self._settings_saved)
        dialog.finished.connect(self._settings_closed)
        self._settings_dialog = dialog
        dialog.open()

    def _settings_closed(self, _result: int) -> None:
        if self._settings_dialog is not None:
            self._settings_dialog.deleteLater()
        self._settings_dialog = None

    def _settings_saved(self, settings: AppSettings) -> None:
        previous, self.settings = self.settings, settings
        if self.window is not None:
            self.window.tiles.set_visible_tiles(settings.visible_tiles)
            self.window.change_window_min = settings.change_window_min
            self.window.tiles.set_change_window(settings.change_window_min)
        if self.demo_mode:
            return
        moved = (previous.qianchuan, previous.doudian) != (settings.qianchuan, settings.doudian)
        if self.session is None or moved or self._new_authorization(settings):
            # a first or changed connection, or the operator authorized again (e.g. after "authorize again")
            self._watch = asyncio.ensure_future(self._reconnect(self._watch))

    def _new_authorization(self, settings: AppSettings) -> bool:
        """A code waiting to be exchanged in the saved connection (the operator authorized again)."""
        try:
            connection = saved_connection(settings, self.store)
        except Exception:  # noqa: BLE001 - not configured, or an unreadable keyring: nothing new to use
            return False
        return bool(connection.qianchuan.auth_code or (connection.doudian is not None and connection.doudian.code))

    async def _reconnect(self, previous: asyncio.Future[Any] | None) -> None:
        """Stop watching with the old connection (the recording goes on) and watch with the saved one. A first
        connection still being tried (`previous`) is abandoned first, so two never run side by side."""
        if previous is not None and not previous.done():
            previous.cancel()
            await asyncio.gather(previous, return_exceptions=True)
        if self.session is not None:
            await self.session.stop()
            self.session = None
        if self.source is not None:
            await self.source.aclose()
            self.source = None
        await self._start_watching()

    def _tiles_chosen(self, tiles: list[str]) -> None:
        from dataclasses import replace

        self.settings = replace(self.settings, visible_tiles=tuple(tiles))
        try:
            save_settings(self.settings)
        except (OSError, ValueError) as exc:
            log.warning("could not save the visible tiles: %s", exc)

    async def _start_watching(self) -> None:
        if self.session is not None or not await self._connect():
            return
        sinks: list[Any] = [self.feed] + ([self.recorder] if self.recorder is not None else [])
        if self.alerts is not None:
            sinks.append(self.alerts.monitor)  # after the recorder: a fired alert belongs to its session
        poller = Poller(self.source, self.clock, self.settings.poll_intervals, FanOut(sinks))
        self.session = PollingTask(poller)
        self.session.finished.connect(self._poller_finished)
        self.session.start()

    def _poller_finished(self, error: str) -> None:
        if error:
            self._show_problem(error)

    async def _screenshot_then_quit(self, path: str, after_s: float) -> None:
        await asyncio.sleep(after_s)
        if self.window is not None:
            self.window.redraw_tick()
            self.window.refresh_text(force=True)
            if not self.window.grab().save(path):
                log.error("could not write the screenshot to %s", path)
                self.exit_code = 1
            self.window.close()
        self._done.set()

    # --- the run ----------------------------------------------------------------------------------------------------
    async def run(self) -> int:
        # the console ends its own run (stopping the poller, closing the recording) when the window closes; Qt
        # quitting on its own would stop the loop under the shutdown
        QApplication.setQuitOnLastWindowClosed(False)
        self._open_recorder()
        window = MainWindow(self.feed, self.lang, list(self.settings.visible_tiles), self.settings.change_window_min,
                            recording=self._recording_session)
        self.window = window
        window.closed.connect(self._done.set)
        window.settings_requested.connect(self.open_settings)
        window.sessions_requested.connect(self.open_sessions)
        window.visible_tiles_changed.connect(self._tiles_chosen)
        if self.recording_problem:
            window.status.error_label.setText(self.recording_problem)
        if self.alerts is not None:
            from dyconsole.ui.alerts.banner import attach_alerts

            attach_alerts(window, self.alerts, lambda: bool(self.settings.sound))
            self.alerts.start()
        window.show()
        size = getattr(self.args, "window_size", None) or (SCREENSHOT_SIZE if self.args.screenshot else None)
        if size:
            window.resize(size[0], size[1])  # a screenshot is the same picture whatever layout was saved
        window.start()
        warning = getattr(self.store, "warning", None)
        if warning:
            self._show_problem(warning)
        self._watch = asyncio.ensure_future(self._start_watching())
        shot = None
        if self.args.screenshot:
            after = self.args.quit_after if self.args.quit_after is not None else DEFAULT_SCREENSHOT_AFTER_S
            shot = asyncio.ensure_future(self._screenshot_then_quit(self.args.screenshot, after))
        try:
            await self._done.wait()
        finally:
            for task in (self._watch, shot):
                if task is not None and not task.done():
                    task.cancel()
                    await asyncio.gather(task, return_exceptions=True)
            await self.shutdown()
        return self.exit_code

    async def shutdown(self) -> None:
        if self.review is not None:
            self.review.close_all()
            self.review = None
        if self.session is not None:
            await self.session.stop()
        if self.alerts is not None:
            self.alerts.stop()
        if self.recorder is not None:
            try:
                self.recorder.close()
            except StorageError as exc:
                log.error("closing the recording: %s", exc)
        if self.source is not None:
            await self.source.aclose()
        if self.window is not None:
            self.window.stop()
            self.window.close()
            self.window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            self.window = None


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("dyconsole")
    app.setApplicationName("dyconsole")
    return app


def _look_and_language(app: QApplication, lang: str) -> None:
    from dyconsole.ui.common.i18n import install_translator
    from dyconsole.ui.common.theme import apply_theme

    apply_theme(app)
    install_translator(app, lang)


def run(args: argparse.Namespace) -> int:
    """Open the console window on the demo room or the live room; returns the process exit code."""
    import qasync

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise at 10+ polls a second
    app = _application()
    settings = load_settings()
    lang = args.lang or settings.language
    _look_and_language(app, lang)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        console = Console(args, settings, lang)
        return loop.run_until_complete(console.run())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
