"""What the live window says when the recording cannot be written: the recorder's status (its `on_status`
callback, wired by app.py) turned into the status strip's "● Not written: N — the database is locked" and the
problem banner with the cause, what happens to the waiting writes and what to do. Plain values in (the UI does not
see storage): how many writes wait, the storage error's kind and text, how many were kept in the journal. The
banner is shared with the other lasting problems (`ProblemBanner`: the lost authorization).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from dyconsole.ui.main_window import MainWindow


def cause_text(kind: str) -> str:
    """The short cause of a storage error kind (a storage.errors class name), in the operator's language."""
    causes = {
        "DatabaseLocked": QCoreApplication.translate("RecordingTrouble", "the database is locked"),
        "DatabaseFull": QCoreApplication.translate("RecordingTrouble", "the disk is full"),
        "DatabaseReadOnly": QCoreApplication.translate("RecordingTrouble", "the database cannot be written"),
        "DatabaseCorrupt": QCoreApplication.translate("RecordingTrouble", "the database is damaged"),
        "SessionBusy": QCoreApplication.translate("RecordingTrouble", "another dyconsole records this broadcast"),
    }
    return causes.get(kind, QCoreApplication.translate("RecordingTrouble", "the database refuses writes"))


def _fill(text: str, *values: str) -> str:
    for i, value in enumerate(values, 1):
        text = text.replace(f"%{i}", value)
    return text


class RecordingTrouble:
    """Shows the recorder's status in `window` (through its seams) whenever it changes; the banner text goes
    through `show_problem` (the window's own by default; the app shares the banner with other problems)."""

    def __init__(self, window: MainWindow, show_problem: Callable[[str], None] | None = None) -> None:
        self.window = window
        self.show_problem = show_problem or window.show_problem
        self.shown = ""  # the banner text shown for the recording ('' when all is written)

    def show(self, unwritten: int, kind: str, error: str, kept: int = 0, journal: str = "") -> None:
        if not error and not unwritten:
            if self.shown:
                self.show_problem("")
                self.shown = ""
            self.window.show_recording_trouble(0, "")
            return
        cause = cause_text(kind) if error else QCoreApplication.translate("RecordingTrouble", "writes were lost")
        if kind == "SessionBusy":
            text = _fill(QCoreApplication.translate("RecordingTrouble", "Not recording: %1 (%2)"), cause, error)
        elif kept:
            text = _fill(QCoreApplication.translate(
                "RecordingTrouble", "%1 writes of the recording could not be written: %2. They are kept in %3 and "
                "written at the next start."), str(kept), cause, journal)
        else:
            text = _fill(QCoreApplication.translate(
                "RecordingTrouble", "%1 writes of the recording are not written: %2. They wait and are tried again "
                "at every poll; close the program that holds the database or free space. (%3)"),
                str(unwritten), cause, error)
        self.window.show_recording_trouble(unwritten, cause)
        self.show_problem(text)
        self.shown = text


class ProblemBanner:
    """The window's one problem banner shared by several lasting problems (the recording, the authorization):
    each sets or clears its own text; the banner shows those set, one a line."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.texts: dict[str, str] = {}

    def setter(self, key: str) -> Callable[[str], None]:
        return lambda text: self.set(key, text)

    def set(self, key: str, text: str) -> None:
        if self.texts.get(key, "") == text:
            return
        self.texts[key] = text
        self.window.show_problem("\n".join(t for t in self.texts.values() if t))


def authorization_lost_text(error: str) -> str:
    """The banner's words for an authorization the platform refuses for good."""
    return _fill(QCoreApplication.translate(
        "RecordingTrouble", "The authorization is lost (%1). Open Settings and authorize again: until then only "
        "gaps are recorded."), error)
