"""The status-bar item that says when the poller falls behind: "跟不上：跳过 12 次轮询" / "Falling behind: 12 polls
skipped" (every kind of poll counted; the tooltip says what it means and what helps). Hidden while every due poll is
made in time. It takes the poller's `core.feed.PollsSkipped` events from the window's poll fan-out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel

from dyconsole.core.feed import PollHandlers, PollsSkipped
from dyconsole.ui.common.i18n import count_text
from dyconsole.ui.common.theme import DEGRADED

if TYPE_CHECKING:
    from dyconsole.core.feed import PollFanOut
    from dyconsole.ui.main_window import MainWindow

OBJECT_NAME = "polls_behind"


class PollsBehindStatus(QLabel):
    """Hidden until a poll is skipped; then the run's count of skipped polls, in the warning colour."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName(OBJECT_NAME)
        self.setStyleSheet(f"color: {DEGRADED};")
        self.skipped = 0
        self.hide()

    def poll_handlers(self) -> PollHandlers:
        return {PollsSkipped: self.on_skipped}

    def on_skipped(self, event: PollsSkipped) -> None:
        self.skipped = event.total
        self.setText(count_text(
            event.total, QCoreApplication.translate("PollsBehind", "Falling behind: %n poll skipped"),
            QCoreApplication.translate("PollsBehind", "Falling behind: %n polls skipped")))
        self.setToolTip(QCoreApplication.translate(
            "PollsBehind", "This computer could not make every poll of the room in time at this speed: the "
            "moments of the skipped polls have no sample (the charts and the recording join the samples around "
            "them). A slower demo speed or fewer programs running help."))
        self.show()


def attach_polls_behind(window: MainWindow, polls: PollFanOut) -> PollsBehindStatus:
    """The item in `window`'s status bar, fed by `polls`."""
    item = PollsBehindStatus()
    window.add_status_item(item)
    polls.add(item, "polls-behind status")
    return item
