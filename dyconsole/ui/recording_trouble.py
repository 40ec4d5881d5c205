"""What the live window says when the recording cannot be written: the recorder's status (its `on_status`
callback, wired by app.py) turned into the status strip's "● Not written: N — the database is locked" and the
problem banner with the cause, what happens to the waiting writes and what to do. Plain values in (the UI does not
see storage): how many writes wait, the storage error's kind and text, how many were kept in the journal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from dyconsole.ui.main_window import MainWindow

CONTEXT = "RecordingTrouble"


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def cause_text(kind: str) -> str:
    """The short cause of a storage error kind (a storage.errors class name), in the operator's language."""
    causes = {
        "DatabaseLocked": QCoreApplication.translate(CONTEXT, "the database is locked"),
        "DatabaseFull": QCoreApplication.translate(CONTEXT, "the disk is full"),
        "DatabaseReadOnly": QCoreApplication.translate(CONTEXT, "the database cannot be written"),
        "DatabaseCorrupt": QCoreApplication.translate(CONTEXT, "the database is damaged"),
        "SessionBusy": QCoreApplication.translate(CONTEXT, "another dyconsole records this broadcast"),
    }
    return causes.get(kind, QCoreApplication.translate(CONTEXT, "the database refuses writes"))


class RecordingTrouble:
    """Shows the recorder's status in `window` (through its seams) whenever it changes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.shown = ""  # the banner text shown for the recording ('' when all is written)

    def show(self, unwritten: int, kind: str, error: str, kept: int = 0, journal: str = "") -> None:
        if not error and not unwritten:
            if self.shown:
                self.window.show_problem("")
                self.shown = ""
            self.window.show_recording_trouble(0, "")
            return
        cause = cause_text(kind) if error else _tr("writes were lost")
        if kind == "SessionBusy":
            text = _tr("Not recording: %1 (%2)").replace("%1", cause).replace("%2", error)
        elif kept:
            text = (_tr("%1 writes of the recording could not be written: %2. They are kept in %3 and written "
                        "at the next start.").replace("%1", str(kept)).replace("%2", cause).replace("%3", journal))
        else:
            text = (_tr("%1 writes of the recording are not written: %2. They wait and are tried again at every "
                        "poll; close the program that holds the database or free space. (%3)")
                    .replace("%1", str(unwritten)).replace("%2", cause).replace("%3", error))
        self.window.show_recording_trouble(unwritten, cause)
        self.window.show_problem(text)
        self.shown = text
