"""The GUI composition root: `dyconsole` with no verb opens the live console window.

The window first: settings, theme and translations, the clock (accelerated for the demo room), the live feed and
the main window are built and shown (the first frame) before anything else is imported. Then it builds the rest
into the shown window and wires it (commands.console_parts: `ConsoleParts`): the token store; the session recorder,
the alerts and the live feed behind one fan-out sink; the room watch (services.live.watch: connecting to the
in-process demo room, commands.demo_room, or the operator's saved live connection, retrying, reconnecting); the
alerts, the products (board, surge hints, click heat map, order panel) and the A/B plans (menu, runner strip, verdict
tab; the demo room takes the confirmed variant; the review windows get the A/B tab) plugged into the window's seams;
here, the Sessions menu and the settings dialog. Runs the asyncio loop on Qt's through qasync, and on the way out
stops the watch (poller and clients), closes the recorder, and closes and deletes the window (a pyqtgraph widget
alive at interpreter exit can crash).
`--screenshot PATH --quit-after S` renders the window to a PNG S real seconds after it shows and quits (S = 0: the
first frame, and nothing else is built). Only this module (with cli/commands) may import the emulator.

The first frame is painted before asyncio and qasync are imported and the loop made (`Console.show_first_frame`):
they are the loop's, not the frame's (~40 ms of the cold start); S = 0 needs no loop at all.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING, Any, Callable

# What the first frame needs without Qt comes first: run from source, PySide6 reads the source of every module
# imported after it (its __feature__ check, ~0.2 ms a module, ~0.02 ms once quickened below), and numpy's ~70 modules
# and the core's ~20 are spared that. Nothing but the order changes: the modules below are the first frame's anyway.
import numpy  # noqa: F401  (the minimal PySide6 + pyqtgraph app imports it before Qt too)

import dyconsole.core.derived  # noqa: F401
import dyconsole.core.funnel  # noqa: F401
import dyconsole.core.kpis  # noqa: F401
import dyconsole.core.products.history  # noqa: F401
import dyconsole.core.series  # noqa: F401
import dyconsole.core.wire  # noqa: F401
from dyconsole.commands.exit_codes import FAILURE
from dyconsole.core.clock import CatchUpClock, Clock, WallClock
from dyconsole.services.settings.app_settings import AppSettings, load_settings

from PySide6.QtCore import QEvent, QCoreApplication  # noqa: E402  (after the above: see there)
from dyconsole.ui.common import pyside_feature_check  # noqa: E402

pyside_feature_check.quicken()  # the modules imported from here on are checked from their files read raw

from PySide6.QtWidgets import QApplication  # noqa: E402

from dyconsole.services.gui_thread_gc import GuiThreadCollection  # noqa: E402
from dyconsole.services.live.feed import LiveFeed  # noqa: E402
from dyconsole.ui.main_window import MainWindow  # noqa: E402

if TYPE_CHECKING:  # built after the first frame (their imports: storage, the clients, the alerts; asyncio: the loop's)
    import asyncio

    from dyconsole.commands.console_parts import ConsoleParts
    from dyconsole.commands.demo_room import DemoRoomParts
    from dyconsole.commands.settings_changes import SettingsChanges
    from dyconsole.services.live.polling import PollingTask
    from dyconsole.storage.recorder import Recorder, RecorderStatus
    from dyconsole.ui.recording_trouble import ProblemBanner
    from dyconsole.ui.sessions_menu import SessionsAttachment
    from dyconsole.ui.review.launcher import ReviewLauncher

log = logging.getLogger(__name__)

DEFAULT_SCREENSHOT_AFTER_S = 3.0
SCREENSHOT_SIZE = (1600, 900)
FREEZE_AFTER_START_MS = 250  # the start-up's objects are frozen this long after the window's clocks start
SETTLE_ROUNDS = 3  # turns given to the layouts to take new texts' sizes before a screenshot


class Console:
    """One run of the console window: builds the parts (`ConsoleParts`), wires them, and owns their order of start
    and shutdown. Connecting and reconnecting is the `RoomWatch` service's."""

    def __init__(self, args: argparse.Namespace, settings: AppSettings, lang: str) -> None:
        self.args = args
        self.settings = settings
        self.lang = "en" if lang == "en" else "zh"
        self.demo_mode = getattr(args, "source", "demo") != "live"
        self.parts: ConsoleParts | None = None
        self.demo_room: DemoRoomParts | None = None  # the demo room's parts (demo mode, made after the first frame)
        self.exit_code = 0
        self._done: asyncio.Event | None = None  # set as the run ends (made by run(): asyncio is the loop's)
        self._ending = False  # the window closed or the screenshot was taken: the run ends
        self._first_shown = False  # show_first_frame() showed the window
        self.settings_changes: SettingsChanges | None = None  # the settings dialog, once the parts are built
        self._problems: ProblemBanner | None = None  # the window's banner, shared by the lasting problems
        self.sessions_ui: SessionsAttachment | None = None  # the Sessions menu (browser, history, reports)
        self._early: tuple[Clock, LiveFeed, MainWindow] | None = None  # what the first frame is built of
        self._history_s = 0.0  # broadcast seconds of the demo room's history polled before the window's clocks start
        #: Python's garbage collected on the GUI thread while the console runs (the application owns the QObject: it is
        #: never freed with a Console collected elsewhere)
        self.collection = GuiThreadCollection(QCoreApplication.instance())

    # --- the built parts (None before the run builds them) ----------------------------------------------------------
    @property
    def demo(self) -> Any:
        """The demo room (emulator.demo.DemoRoom), once connected to it."""
        return self.demo_room.demo if self.demo_room is not None else None

    @property
    def feed(self) -> LiveFeed | None:
        return self.parts.feed if self.parts is not None else None

    @property
    def recorder(self) -> Recorder | None:
        return self.parts.recorder if self.parts is not None else None

    @property
    def review(self) -> ReviewLauncher | None:
        """The sessions browser's launcher (review, compare, history, reports), once the operator opened one."""
        return self.sessions_ui.opened_launcher if self.sessions_ui is not None else None

    @property
    def window(self) -> MainWindow | None:
        return self.parts.window if self.parts is not None else None

    @property
    def polling(self) -> PollingTask | None:
        """The poller's task while the room is watched."""
        return self.parts.watch.polling if self.parts is not None else None

    @property
    def source(self) -> Any:
        """The connected room source (sources.room_source.LiveRoomSource), if any."""
        return self.parts.watch.source if self.parts is not None else None

    # --- building -------------------------------------------------------------------------------------------------
    def _first_frame_parts(self) -> tuple[Clock, LiveFeed, MainWindow]:
        """What the first frame needs and no more: the clock, the feed and the window (once). The recording, the
        alerts, the clients and the features are built after it (`_build`)."""
        if self._early is None:
            clock: Clock = WallClock()
            if self.demo_mode:
                from dyconsole.commands.demo_clock import console_demo_clock

                clock, self._history_s = console_demo_clock(self.args)
            feed = LiveFeed(clock)
            window = MainWindow(feed, self.lang, list(self.settings.visible_tiles), self.settings.change_window_min,
                                recording=self._recording)
            if isinstance(clock, CatchUpClock):  # its history is polled before the window's clocks start: said so
                window.show_history_loading(round(self._history_s / 60))
            self._early = (clock, feed, window)
        return self._early

    def _recording(self) -> str | None:
        """The session being recorded now (None before the recorder is built and while it records nothing)."""
        recorder = self.recorder
        return recorder.session_id if recorder is not None and recorder.recording else None

    def _demo_room_parts(self) -> DemoRoomParts:
        """The demo room's parts, on the first frame's clock (made once, after the first frame: not its modules)."""
        if self.demo_room is None:
            from dyconsole.commands.demo_room import DemoRoomParts

            self.demo_room = DemoRoomParts(self.args, self._first_frame_parts()[0], lambda: self._ending)
        return self.demo_room

    def _build(self) -> ConsoleParts:
        """Everything past the first frame (commands.console_parts), wired to the window of `_first_frame_parts`
        (built now if it was not), and the window's banner for the lasting problems."""
        from dyconsole.commands.console_parts import build_parts
        from dyconsole.ui.recording_trouble import ProblemBanner, RecordingTrouble

        first_frame = self._first_frame_parts()
        parts = build_parts(self.args, self.settings, self.lang, first_frame,
                            self._demo_room_parts() if self.demo_mode else None, self._recording,
                            lambda: bool(self.settings.sound))
        feed, window, recorder = parts.feed, first_frame[2], parts.recorder
        problems = self._problems = ProblemBanner(window)
        feed.health_changed.connect(lambda _health: self._authorization_check())
        if recorder is not None:  # the recording's troubles (locked, full, refused) shown in the window
            trouble = RecordingTrouble(window, problems.setter("recording"))

            def show_status(status: RecorderStatus) -> None:
                trouble.show(status.unwritten, status.error_kind, status.error, status.kept, status.journal)

            recorder.on_status = show_status
            show_status(recorder.status)  # writes kept by an earlier run are being written, or still refused
        return parts

    # --- what the window asks for ---------------------------------------------------------------------------------
    def _attach_sessions(self, window: MainWindow, recording: Callable[[], str | None]) -> SessionsAttachment:
        """The Sessions menu on the database this run records into (the window's Sessions… opens its browser)."""
        from dyconsole.paths import default_db_path
        from dyconsole.ui.sessions_menu import SessionsAttachment

        from dyconsole.ui.experiments.review_tab import attach_review_plans

        self.sessions_ui = SessionsAttachment(
            window, getattr(self.args, "db", None) or default_db_path(), self.lang, recording,
            review_tabs=[lambda w, s, path: attach_review_plans(w, s.id, path, self.lang)])
        return self.sessions_ui

    def _use_settings(self, settings: AppSettings) -> None:
        """The settings in force from now on (saved by the settings dialog, or the window's tiles chosen)."""
        self.settings = settings

    async def _screenshot_then_quit(self, path: str, after_s: float) -> None:
        import asyncio

        await asyncio.sleep(after_s)
        window = self._shown_window()
        if window is not None:
            self._texts_now(window)
            await self._layouts_settled()  # the layouts take the new texts' sizes (a grab at once shows them clipped)
            self._save_screenshot(window, path)
        self._end()

    def screenshot_first_frame(self, path: str) -> int:
        """`--screenshot PATH --quit-after 0` without an event loop: the first frame painted, its texts and layouts
        settled as `_screenshot_then_quit` settles them (the same picture), saved, and the window closed; nothing
        else is built. Returns the exit code."""
        try:
            window = self.show_first_frame()
            self._texts_now(window)
            for _ in range(SETTLE_ROUNDS):  # as _layouts_settled, a turn of Qt's events for each turn of the loop
                QCoreApplication.sendPostedEvents()
                QCoreApplication.processEvents()
            self._save_screenshot(window, path)
            self._end()
        finally:
            self._close_first_frame()
            self.collection.uninstall()
        return self.exit_code

    @staticmethod
    def _texts_now(window: MainWindow) -> None:
        """What the clocks would draw at once: the charts and every figure's text."""
        window.redraw_tick()
        window.refresh_text(force=True)

    def _save_screenshot(self, window: MainWindow, path: str) -> None:
        if not window.grab().save(path):
            log.error("could not write the screenshot to %s", path)
            self.exit_code = 1
        window.close()

    @staticmethod
    async def _layouts_settled(rounds: int = SETTLE_ROUNDS) -> None:
        """Let the layouts take new texts' sizes: the events they post (a label's new size asks its layout, which
        resizes the label, which may refit its text) are delivered, a few rounds, each with a turn of the loop."""
        import asyncio

        for _ in range(rounds):
            QCoreApplication.sendPostedEvents()
            await asyncio.sleep(0)

    def _end(self) -> None:
        """The run ends: the window closed, or the screenshot was taken."""
        self._ending = True
        if self._done is not None:
            self._done.set()

    def _shown_window(self) -> MainWindow | None:
        """The window on screen: the first frame's, then the built console's (None once closed)."""
        if self.parts is not None:
            return self.parts.window
        return self._early[2] if self._early is not None else None

    # --- the run ----------------------------------------------------------------------------------------------------
    def show_first_frame(self, paint: bool = True) -> MainWindow:
        """Build the window and show it (once: later calls return it). `paint`: paint it now, with Qt's events, before
        any event loop runs (the app shows its first frame so, then imports the loop's modules); otherwise the
        loop's first turn paints it (`run`)."""
        if self._first_shown and self._early is not None:
            return self._early[2]
        self._first_shown = True
        # the console ends its own run (stopping the poller, closing the recording) when the window closes; Qt
        # quitting on its own would stop the loop under the shutdown
        QApplication.setQuitOnLastWindowClosed(False)
        # the window first (the first frame), then the rest is built and the room connected
        # garbage collected on this (the GUI) thread only, never on a worker (until shutdown); none at all until the
        # start's objects are frozen, once its first content shows (`_connect`): they all live on
        self.collection.install(held=True)
        try:
            window = self._first_frame_parts()[2]
        except BaseException:
            self.collection.uninstall()
            raise
        window.closed.connect(self._end)
        size = getattr(self.args, "window_size", None) or (SCREENSHOT_SIZE if self.args.screenshot else None)
        if size:  # a screenshot is the same picture whatever layout was saved
            window.resize(size[0], size[1])  # before it shows: laid out and painted once, at this size
        window.show()
        if size:  # if showing fitted it to the screen, the size asked for wins, as before (the same size: a no-op)
            window.resize(size[0], size[1])
        # what building and showing posted (the charts' scene polishing its items, the layouts taking their sizes) is
        # delivered now, before the first frame is painted: delivered after that paint, it moved the layouts and the
        # whole window was painted a second time before the first frame counted as shown
        QCoreApplication.sendPostedEvents()
        if paint:
            QCoreApplication.processEvents()
        return window

    async def run(self) -> int:
        import asyncio

        self._done = asyncio.Event()
        if self._ending:
            self._done.set()
        window = self.show_first_frame(paint=False)  # shown already (and painted) when the app showed it
        shot, after = None, None
        if self.args.screenshot:
            after = self.args.quit_after if self.args.quit_after is not None else DEFAULT_SCREENSHOT_AFTER_S
            shot = asyncio.ensure_future(self._screenshot_then_quit(self.args.screenshot, after))
        try:
            await asyncio.sleep(0)  # the first frame is painted before the rest is built
            if shot is not None and after is not None and after <= 0:
                await asyncio.wait([shot])  # a screenshot of the first frame: nothing else to build
            if not self._ending:
                if self.demo_mode:  # its modules, on a thread of their own, while this one builds the rest
                    self._demo_room_parts().import_ahead()
                window.build_later_tabs()  # the side tabs the first frame did not show
                await self._connect(window)
            await self._done.wait()
        finally:
            if shot is not None and not shot.done():
                shot.cancel()
                await asyncio.gather(shot, return_exceptions=True)
            await self.shutdown()
        return self.exit_code

    async def _connect(self, window: MainWindow) -> None:
        """After the first frame: build the recording, the alerts, the clients and the features into the shown
        window, connect the room, and start the alerts and the A/B runner once the demo room's history is in."""
        from dyconsole.ui.recording_trouble import cause_text

        parts = self.parts = self._build()
        from dyconsole.commands.settings_changes import SettingsChanges

        changes = self.settings_changes = SettingsChanges(lambda: self.settings, self._use_settings, lambda: self.parts)
        window.settings_requested.connect(changes.open)
        recorder = parts.recorder
        self._attach_sessions(window, lambda: recorder.session_id if recorder is not None else None)
        window.visible_tiles_changed.connect(changes.tiles_chosen)
        parts.watch.settings_needed.connect(changes.open)
        if parts.recording_problem and self._problems is not None:
            self._problems.set("recording", QCoreApplication.translate("Console", "Not recording: %1")
                               .replace("%1", parts.recording_problem))
            window.show_recording_trouble(0, cause_text(parts.recording_problem_kind))
        warning = getattr(parts.store, "warning", None)
        if warning:
            parts.watch.report_problem(warning)
        # from now on large blocks are mapped apart and go back to the system when freed: over hours the heap kept the
        # holes they left among long-lived small blocks (services.malloc_policy)
        from dyconsole.services.malloc_policy import keep_large_blocks_apart

        keep_large_blocks_apart()
        # the window takes the features' tabs, menus and strips (layout, paint) before the catch-up's clock runs: its
        # first room polls (the broadcast's first minute) do not wait behind that paint
        await self._layouts_settled()
        if self._ending:
            return
        parts.watch.start()
        # the demo room's history is polled in a catch-up before the window's clocks start, drawn as it comes in (the
        # catch-up clock holds for each room poll: the redraws cost it real time, not samples); the alerts' clock (the
        # no-data rule) and the A/B runner run from the present
        if self.demo_room is not None:
            window.draw_history()  # the history drawn as it is polled: content from its first minute on
            await self.demo_room.history_polled()
        if self._ending:
            return
        window.start()  # the history is drawn now, every tile and chart at once
        parts.ordering.history_polled()  # its products fitted once, on the worker, as that first draw is painted
        # what lives now (the window, its charts and features, the modules, the history) lives until shutdown: later
        # collections do not walk it again (a full one over it took tens of ms on this thread, a stutter in the
        # charts). Frozen once the history's first content is painted, with no collection first (the start's garbage
        # is frozen with it: services.gui_thread_gc), unless the operator opened a window meanwhile (frozen for good)
        self.collection.freeze_survivors_after(FREEZE_AFTER_START_MS, lambda: changes.dialog is not None or (
            self.sessions_ui is not None and self.sessions_ui.opened_launcher is not None))
        if parts.recorder is not None:
            parts.recorder.heartbeat()  # the history's last batch is written now, not at the next poll
        parts.alerts.start()
        parts.experiments.runner.start()
        if parts.roi7 is not None and parts.roi7.background is not None:
            parts.roi7.background.start()  # settle the sessions whose 7 days have passed

    async def shutdown(self) -> None:
        try:
            await self._shut_down_parts()
        finally:
            self.collection.uninstall()  # every worker stopped and window deleted: automatic collection is back

    async def _shut_down_parts(self) -> None:
        if self.sessions_ui is not None:
            self.sessions_ui.close_all()
            self.sessions_ui = None
        parts = self.parts
        if parts is None:  # closed at its first frame: only the window was built
            self._close_first_frame()
            return
        await parts.watch.stop()
        if self.demo_room is not None:
            self.demo_room.stop()
        if parts.roi7 is not None and parts.roi7.background is not None:
            await parts.roi7.background.stop()
        parts.alerts.shutdown()  # waits for a rule trial still running
        parts.ordering.shutdown()  # waits for an appeal refit still running
        parts.surge.shutdown()  # waits for a surge detection still running
        parts.experiments.runner.stop()  # waits for a slot measurement still running
        parts.experiments.book.shutdown()  # ... and a power estimate
        if parts.recorder is not None:
            from dyconsole.storage.errors import StorageError

            try:
                self._closing_said(parts.recorder.close())
            except StorageError as exc:
                log.error("closing the recording: %s", exc)
                self.exit_code = FAILURE
        if parts.window is not None:
            self._close_window(parts.window)
            parts.window = None
        self._early = None

    def _close_first_frame(self) -> None:
        """Close the first frame's window (closed at its first frame, nothing else was built)."""
        if self._early is not None:
            self._close_window(self._early[2])
            self._early = None

    @staticmethod
    def _close_window(window: MainWindow) -> None:
        """Stop its clocks, close it and delete it now (a pyqtgraph widget alive at interpreter exit can crash)."""
        window.stop()
        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _authorization_check(self) -> None:
        """A grant the platform refuses for good is a lasting problem: the banner says so until it works again."""
        from dyconsole.ui.recording_trouble import authorization_lost_text

        polling = self.polling
        lost = getattr(polling.poller, "auth_lost", None) if polling is not None else None
        if self._problems is not None:
            self._problems.set("authorization", authorization_lost_text(lost) if lost else "")

    def _closing_said(self, status: RecorderStatus) -> None:
        """Writes the database still refused when the window closed: kept in the journal (said), or lost (said);
        either way the run ends non-zero."""
        if status.kept:
            log.error("%d writes of the recording could not be written (%s); they are kept in %s and written at "
                      "the next start", status.kept, status.error, status.journal)
        elif status.unwritten:
            log.error("%d writes of the recording are lost: %s", status.unwritten, status.error)
        if status.unwritten:
            self.exit_code = FAILURE


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("dyconsole")
    app.setApplicationName("dyconsole")
    app.setDesktopFileName("dyconsole")  # Wayland/X11 match the window to packaging/linux/dyconsole.desktop
    from dyconsole.ui.common.app_icon import app_icon

    app.setWindowIcon(app_icon())  # every window, dialog and the tray
    return app


def _look_and_language(app: QApplication, lang: str) -> None:
    from dyconsole.ui.common.i18n import install_translator
    from dyconsole.ui.common.theme import apply_theme

    apply_theme(app)
    install_translator(app, lang)


def run(args: argparse.Namespace) -> int:
    """Open the console window on the demo room or the live room; returns the process exit code."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise at 10+ polls a second
    app = _application()
    settings = load_settings()
    lang = args.lang or settings.language
    _look_and_language(app, lang)
    console = Console(args, settings, lang)
    if args.screenshot and args.quit_after is not None and args.quit_after <= 0:
        return console.screenshot_first_frame(args.screenshot)  # the first frame only: no loop
    console.show_first_frame()  # painted before the loop's modules are imported
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(console.run())
    finally:
        asyncio.set_event_loop(None)
        loop.close()
