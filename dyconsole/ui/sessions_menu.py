"""The sessions menu of the main window (场次): the sessions browser, the date-range history and the report on the
current (being recorded) or last session, plugged in through the window's seams (`menu`, `add_action`, and its
`sessions_requested` signal); and Import… (other channels' exports) in the Console menu, the window's file menu,
above its Quit. The review launcher behind them (ui.review.launcher) is made on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from dyconsole.ui.main_window import MainWindow

if TYPE_CHECKING:  # the review, history and report modules load when the operator first opens one (a fast start)
    from dyconsole.ui.history.view import HistoryView
    from dyconsole.ui.imports.dialog import ImportDialog
    from dyconsole.ui.reports.builder import ReportBuilderDialog
    from dyconsole.ui.review.launcher import ReviewLauncher, ReviewTab
    from dyconsole.ui.review.sessions_browser import SessionsBrowser


class SessionsAttachment(QObject):
    """The Sessions menu and the launcher it opens things with."""

    def __init__(self, window: MainWindow, db_path: Path | str | None, lang: str,
                 current_session: Callable[[], str | None] = lambda: None,
                 review_tabs: Sequence[ReviewTab] = ()) -> None:
        super().__init__(window)
        self.window = window
        self.db_path = db_path
        self.lang = lang
        self.current_session = current_session
        self.review_tabs = tuple(review_tabs)  # features' tabs for every review window (the A/B plans)
        self._launcher: ReviewLauncher | None = None
        window.menu("sessions", self.tr("S&essions"))
        self.browse_action = self._action(self.tr("&Browse sessions…"), None, self.show_sessions)
        self.history_action = self._action(self.tr("&History…"), "Ctrl+H", self.show_history)
        self.report_action = self._action(self.tr("&Report on the current or last session…"), "Ctrl+Shift+R",
                                          self.open_report)
        self.import_action = QAction(self.tr("&Import…"), window)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda _on=False: self.show_import())
        console = window.menu("console")
        before = next((a for a in console.actions() if a.isSeparator()), None)  # the separator above Quit
        console.insertAction(before, self.import_action)
        window.sessions_requested.connect(self.show_sessions)

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _on=False: slot())
        self.window.add_action("sessions", action)
        return action

    @property
    def launcher(self) -> ReviewLauncher:
        if self._launcher is None:
            from dyconsole.ui.review.launcher import ReviewLauncher

            self._launcher = ReviewLauncher(self.db_path, self.lang, parent=self, review_tabs=self.review_tabs)
        return self._launcher

    @property
    def opened_launcher(self) -> ReviewLauncher | None:
        """The launcher if something was opened through it already (None: nothing made yet)."""
        return self._launcher

    def show_sessions(self) -> SessionsBrowser | None:
        return self.launcher.show_browser()

    def show_history(self) -> HistoryView:
        return self.launcher.show_history()

    def show_import(self) -> ImportDialog:
        return self.launcher.show_import(self.window)

    def open_report(self) -> ReportBuilderDialog | None:
        return self.launcher.reports.open_latest(self.current_session(), self.window)

    def close_all(self) -> None:
        if self._launcher is not None:
            self._launcher.close_all()
            self._launcher = None
