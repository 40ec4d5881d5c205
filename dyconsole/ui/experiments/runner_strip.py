"""The A/B runner strip of the live window (above the charts): the variant running now in big type on its own
colour, what changes in it, the time left in the slot (mm:ss on the console's clock), what comes next, the
verdict so far in words, and the operator's buttons: Switch now (confirm that the room switched), Pause / Resume,
Skip slot, Abort. When a slot is over a full-width reminder line says which variant to switch to. The strip only
shows what services.experiments.runner.PlanRunner holds; ui.experiments.attachment wires it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from dyconsole.services.experiments.runner import ABORTED, DONE, DUE, PAUSED, RUNNING
from dyconsole.ui.common.theme import ALERT_RED, SURFACE, TEXT, TEXT_DIM, font
from dyconsole.ui.experiments.slot_chart import variant_colour

VARIANT_POINT_SIZE = 30



@dataclass(frozen=True)
class StripView:
    """What the strip shows of the plan running (the attachment fills it from services.experiments.runner)."""

    plan: str
    metric: str  # the glossary label of the plan's metric
    keys: tuple[str, ...]  # the variants' keys in plan order (their colours)
    slot: int  # the slot under way (1-based; the next one while a switch is due)
    n_slots: int
    variant: str | None  # the variant the room runs now (None: none yet)
    what: str  # its name and what changes in it
    time_left_s: float | None
    next_variant: str | None  # None after the last slot
    next_what: str
    state: str  # services.experiments.runner: due, running, paused, done, aborted
    in_slot: bool  # a slot is under way (or paused)


def mmss(seconds: float | None) -> str:
    """Time left as mm:ss (hours folded into the minutes); — when there is none."""
    if seconds is None:
        return "—"
    whole = max(0, int(seconds + 0.999))  # 0.2 s left still reads 00:01
    return f"{whole // 60:02d}:{whole % 60:02d}"


class RunnerStrip(QFrame):
    """What the A/B plan runs now; hidden when no plan runs."""

    confirm_clicked = Signal()
    pause_clicked = Signal()
    skip_clicked = Signal()
    abort_clicked = Signal()
    close_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runnerStrip")
        self.setStyleSheet(f"QFrame#runnerStrip {{ background: {SURFACE}; border-radius: 4px; }}")
        self.variant = QLabel()
        self.variant.setObjectName("variantBadge")
        self.variant.setFont(font(VARIANT_POINT_SIZE, bold=True))
        self.variant.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.variant.setMinimumWidth(120)
        self.plan = QLabel()
        self.plan.setFont(font(11))
        self.plan.setStyleSheet(f"color: {TEXT_DIM};")
        self.change = QLabel()
        self.change.setFont(font(14, bold=True))
        self.change.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setFont(font(12))
        self.verdict.setWordWrap(True)
        self.reminder = QLabel()
        self.reminder.setObjectName("switchReminder")
        self.reminder.setFont(font(14, bold=True))
        self.reminder.setStyleSheet(f"background: {ALERT_RED}; color: white; padding: 4px 10px; border-radius: 3px;")
        self.reminder.setWordWrap(True)
        self.reminder.hide()
        self.time_left = QLabel("—")
        self.time_left.setFont(font(26, bold=True))
        self.time_left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time_caption = QLabel(self.tr("left in slot"))
        self.time_caption.setStyleSheet(f"color: {TEXT_DIM};")
        self.time_caption.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.next = QLabel()
        self.next.setFont(font(12))
        self.next.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.confirm_button = QPushButton(self.tr("Switched"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.skip_button = QPushButton(self.tr("Skip slot"))
        self.abort_button = QPushButton(self.tr("Abort"))
        self.close_button = QPushButton(self.tr("Close"))
        for button, signal in ((self.confirm_button, self.confirm_clicked), (self.pause_button, self.pause_clicked),
                               (self.skip_button, self.skip_clicked), (self.abort_button, self.abort_clicked),
                               (self.close_button, self.close_clicked)):
            button.setFont(font(12, bold=button is self.confirm_button))
            button.clicked.connect(signal)
        self.close_button.hide()

        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.plan)
        texts.addWidget(self.change)
        texts.addWidget(self.verdict)
        timer = QVBoxLayout()
        timer.setSpacing(0)
        timer.addWidget(self.time_left)
        timer.addWidget(self.time_caption)
        timer.addWidget(self.next)
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.confirm_button)
        top.addWidget(self.pause_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.skip_button)
        bottom.addWidget(self.abort_button)
        bottom.addWidget(self.close_button)
        buttons.addLayout(top)
        buttons.addLayout(bottom)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        row.addWidget(self.variant)
        row.addLayout(texts, 1)
        row.addLayout(timer)
        row.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(10, 6, 10, 6)
        outer.setSpacing(4)
        outer.addWidget(self.reminder)
        outer.addLayout(row)
        self.hide()

    def show_variant(self, key: str | None, label: str, keys: list[str]) -> None:
        """The variant running now in its colour (None: none yet; a grey dash)."""
        colour = variant_colour(key, keys) if key else SURFACE
        self.variant.setText(f"{key}" if key else "—")
        self.variant.setStyleSheet(f"QLabel#variantBadge {{ background: {colour}; color: {TEXT if not key else '#0b0d11'};"
                                   " border-radius: 6px; padding: 2px 16px; }")
        self.variant.setToolTip(label)

    def switch_text(self, variant: str, what: str) -> str:
        return self.tr("Switch to %1 now (%2), then press Switched.").replace("%1", variant).replace("%2", what)

    def show_run(self, view: StripView) -> None:
        """The plan's state: variant, slot, time left, what comes next, the reminder while a switch is due, and
        the buttons that make sense now (Close once the plan is over)."""
        running = view.state in (DUE, RUNNING, PAUSED)
        if running and not self.isVisible():
            self.show()
        self.show_variant(view.variant, view.what, list(view.keys))
        self.plan.setText(self.tr("%1 · slot %2 of %3 · %4").replace("%1", view.plan).replace("%2", str(view.slot))
                          .replace("%3", str(view.n_slots)).replace("%4", view.metric))
        self.change.setText(view.what if view.variant else self.tr("Not started: switch to the first variant."))
        self.time_left.setText(mmss(view.time_left_s))
        if view.state == DONE:
            self.next.setText(self.tr("Plan finished"))
        elif view.state == ABORTED:
            self.next.setText(self.tr("Plan aborted"))
        elif view.next_variant:
            self.next.setText(self.tr("Next: %1").replace("%1", view.next_variant))
        else:
            self.next.setText(self.tr("Last slot"))
        self.time_caption.setText(self.tr("paused") if view.state == PAUSED else self.tr("left in slot"))
        if view.state != DUE:
            self.show_reminder(None)
        elif view.next_variant and not self.reminder.isVisible():
            self.show_reminder(self.switch_text(view.next_variant, view.next_what))
        self.confirm_button.setEnabled(view.state == DUE)
        self.pause_button.setText(self.tr("Resume") if view.state == PAUSED else self.tr("Pause"))
        self.pause_button.setEnabled(view.in_slot)
        self.skip_button.setEnabled(view.in_slot and view.state != PAUSED)
        for button in (self.confirm_button, self.pause_button, self.skip_button, self.abort_button):
            button.setVisible(running)
        self.close_button.setVisible(not running)

    def show_reminder(self, text: str | None) -> None:
        self.reminder.setText(text or "")
        self.reminder.setVisible(bool(text))
