"""The status strip along the bottom of the live console: connection state (ok / degraded / down) with the last
error and the data age, the broadcast clock and elapsed time, the room, and the session being recorded.

It only shows what it is given (`show_status`); the main window calls it on the slow (~1 Hz) text clock. Two things
the app tells it last until changed: a problem (`show_problem`: shown where the connection's error goes while the
connection has none) and writes of the recording the database has not taken (`show_unwritten`: the REC label turns
into "● Not written: N — cause").
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from dyconsole.core.model import ConnectionState, RoomInfo, SourceHealth
from dyconsole.ui.common.fitted_label import FittedLabel
from dyconsole.ui.common.theme import DOWN, STATE_COLOURS, TEXT_DIM, restyle

#: data older than this many broadcast seconds is shown as stale even while the connection says ok
STALE_AFTER_S = 30.0
#: the space between the status bar's text and the window's left and right edges
EDGE_MARGIN_PX = 8


def _hms(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class StatusStrip(QFrame):
    """Connection pill, last error, data age, broadcast clock, room and recording session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusStrip")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(EDGE_MARGIN_PX, 2, EDGE_MARGIN_PX, 2)
        layout.setSpacing(16)
        self.state_label = QLabel()
        self.state_label.setObjectName("connectionState")
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label.setMinimumWidth(110)
        self.age_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.error_label.setStyleSheet(f"color: {TEXT_DIM};")
        self.room_label = QLabel()
        self.clock_label = QLabel()
        self.clock_label.setObjectName("broadcastClock")
        self.session_label = FittedLabel()  # the longest: elided first on a narrow screen, whole on hover
        self.session_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        for w in (self.state_label, self.age_label):
            layout.addWidget(w)
        layout.addWidget(self.error_label, 1)
        for w in (self.room_label, self.clock_label, self.session_label):
            layout.addWidget(w)
        self._state: ConnectionState | None = None
        self._problem = ""
        self._unwritten = (0, "")
        self._loading = ""  # said instead of "No data yet" while the room's history loads
        self.show_status(None, None, None, None, None)

    def show_loading(self, text: str) -> None:
        """What is loading ('' : nothing): said instead of the data's age (the history drawn while it loads is not the
        present)."""
        self._loading = text
        if text:
            self.age_label.setText(text)

    @property
    def state(self) -> ConnectionState | None:
        return self._state

    def _state_text(self, state: ConnectionState | None) -> str:
        if state is ConnectionState.OK:
            return self.tr("● Connected")
        if state is ConnectionState.DEGRADED:
            return self.tr("● Degraded")
        if state is ConnectionState.DOWN:
            return self.tr("● Connection lost")
        return self.tr("● Connecting…")

    def show_status(
        self,
        health: SourceHealth | None,
        data_age_s: float | None,
        now_ts: float | None,
        room: RoomInfo | None,
        session_id: str | None,
    ) -> None:
        state = health.state if health is not None else None
        self._state = state
        colour = STATE_COLOURS.get(state, TEXT_DIM) if state is not None else TEXT_DIM
        self.state_label.setText(self._state_text(state))
        restyle(
            self.state_label,
            f"color: {colour}; font-weight: bold; border: 1px solid {colour}; border-radius: 9px; padding: 1px 8px;"
        )
        if data_age_s is None or self._loading:
            self.age_label.setText(self._loading or self.tr("No data yet"))
            restyle(self.age_label, f"color: {TEXT_DIM};")
        else:
            self.age_label.setText(self.tr("Data age %1").replace("%1", _hms(data_age_s)))
            stale = data_age_s > STALE_AFTER_S
            restyle(self.age_label, f"color: {DOWN if stale else TEXT_DIM};")
        error = health.last_error if health is not None and state is not ConnectionState.OK else ""
        error = error or self._problem
        self.error_label.setText(error)
        self.error_label.setToolTip(error)
        if room is None:
            self.room_label.setText(self.tr("Looking for the live room…"))
        else:
            self.room_label.setText(f"{room.title} · {self._room_status_text(room)}")
        if now_ts is None:
            self.clock_label.setText("")
        else:
            clock = time.strftime("%H:%M:%S", time.localtime(now_ts))
            if room is not None and room.start_time is not None and now_ts >= room.start_time:
                end = room.end_time if room.end_time is not None else now_ts
                clock += "  " + self.tr("On air %1").replace("%1", _hms(end - room.start_time))
            self.clock_label.setText(clock)
        count, cause = self._unwritten
        if count or cause:
            self.session_label.setText(self.tr("● Not written: %1 — %2").replace("%1", str(count)).replace("%2", cause)
                                       if count else self.tr("● Not recorded — %1").replace("%1", cause))
            restyle(self.session_label, f"color: {DOWN}; font-weight: bold;")
        elif session_id:
            self.session_label.setText(self.tr("● REC session %1").replace("%1", session_id))
            restyle(self.session_label, f"color: {DOWN};")
        else:
            self.session_label.setText(self.tr("Not recording"))
            restyle(self.session_label, f"color: {TEXT_DIM};")

    def show_problem(self, text: str) -> None:
        """A lasting problem, shown while the connection reports no error of its own ('' clears it)."""
        self._problem = " · ".join(line for line in text.splitlines() if line)  # one line fits the strip
        self.error_label.setText(self._problem)
        self.error_label.setToolTip(text)

    def show_unwritten(self, count: int, cause: str) -> None:
        """Writes of the recording the database has not taken and why (0 and '' once all are written)."""
        self._unwritten = (count, cause)

    def _room_status_text(self, room: RoomInfo) -> str:
        names = {
            "PREPARE": self.tr("preparing"),
            "LIVING": self.tr("live"),
            "PAUSE": self.tr("paused"),
            "FINISH": self.tr("ended"),
        }
        return names.get(room.status.value, self.tr("unknown"))
