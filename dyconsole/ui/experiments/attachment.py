"""The A/B run plans in the live window, wired through the window's seams only: the A/B menu (New plan… opens the
planner, Plans… lists the stored plans to start one, Verdict shows the verdict tab), the runner strip above the
charts (ui.experiments.runner_strip), the verdict side tab (ui.experiments.verdict_panel), a marker on the charts
at each confirmed switch, and the switch reminder: the strip's red line plus a tray notice through the app's
notifier (silent unless the operator turned sound on, as the alerts). Problems (storing, the room refusing the
variant) go to the window's problem line.

`attach_experiments(window, runner, book, notify, lang)` builds it; the composition root keeps the returned
`ExperimentsAttachment` (its `runner` joins the poll fan-out: a restored plan shows once the room is known).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from shiboken6 import isValid

from dyconsole.core import glossary
from dyconsole.core.experiments.analysis import verdict_text
from dyconsole.services.experiments.planning import PlanBook, StorageError
from dyconsole.services.experiments.runner import ABORTED, PAUSED, PlanRunner
from dyconsole.ui.experiments.plans_dialog import PlansDialog
from dyconsole.ui.experiments.planner import PlannerDialog
from dyconsole.ui.experiments.runner_strip import RunnerStrip, StripView
from dyconsole.ui.experiments.slot_chart import variant_colour
from dyconsole.ui.experiments.verdict_panel import PlanView, VerdictPanel
from dyconsole.ui.main_window import MainWindow, StripPosition

AB_MENU = QT_TRANSLATE_NOOP("ExperimentsAttachment", "&A/B")
NEW_PLAN_ACTION = QT_TRANSLATE_NOOP("ExperimentsAttachment", "&New plan…")
PLANS_ACTION = QT_TRANSLATE_NOOP("ExperimentsAttachment", "&Plans…")
VERDICT_ACTION = QT_TRANSLATE_NOOP("ExperimentsAttachment", "&Verdict")
VERDICT_TAB = QT_TRANSLATE_NOOP("ExperimentsAttachment", "A/B")
SWITCH_TITLE = QT_TRANSLATE_NOOP("ExperimentsAttachment", "A/B: time to switch")
STOPPED_EARLY = QT_TRANSLATE_NOOP("ExperimentsAttachment", "Stopped early: %1")
ALREADY_RUNNING = QT_TRANSLATE_NOOP("ExperimentsAttachment", "An A/B plan is already running: abort it first.")
AB_MENU_KEY = "ab"
VERDICT_TAB_KEY = "ab_verdict"
NEW_PLAN_SHORTCUT = "Ctrl+Shift+B"
#: how wide the side pane gets for the verdict (the chart and the slots table read at that width)
VERDICT_WIDTH = 560

Notify = Callable[[str, str], None]


def _t(text: str) -> str:
    return QCoreApplication.translate("ExperimentsAttachment", text)


class ExperimentsAttachment:
    """The A/B pieces of one live window."""

    def __init__(self, window: MainWindow, runner: PlanRunner, book: PlanBook, notify: Notify | None = None,
                 lang: str = "zh") -> None:
        self._window = window
        self.runner = runner
        self.book = book
        self.notify = notify
        self.lang = lang
        self.planner: PlannerDialog | None = None
        self.plans: PlansDialog | None = None
        self.markers: list[object] = []
        window.menu(AB_MENU_KEY, _t(AB_MENU))
        self.new_plan_action = QAction(_t(NEW_PLAN_ACTION), window)
        self.new_plan_action.setShortcut(QKeySequence(NEW_PLAN_SHORTCUT))
        self.new_plan_action.triggered.connect(self.open_planner)
        window.add_action(AB_MENU_KEY, self.new_plan_action)
        self.plans_action = QAction(_t(PLANS_ACTION), window)
        self.plans_action.triggered.connect(self.open_plans)
        window.add_action(AB_MENU_KEY, self.plans_action)
        self.verdict_action = QAction(_t(VERDICT_ACTION), window)
        self.verdict_action.triggered.connect(self.show_verdict)
        window.add_action(AB_MENU_KEY, self.verdict_action)
        self.strip = RunnerStrip()
        window.add_strip(self.strip, StripPosition.ABOVE_CHARTS)
        self.panel = VerdictPanel(lang)
        window.add_side_tab(VERDICT_TAB_KEY, self.panel, _t(VERDICT_TAB), self.refresh_panel, scroll=True)
        self.strip.confirm_clicked.connect(self.confirm)
        self.strip.pause_clicked.connect(lambda: runner.resume() if runner.state == PAUSED else runner.pause())
        self.strip.skip_clicked.connect(runner.skip)
        self.strip.abort_clicked.connect(runner.abort)
        self.strip.close_clicked.connect(self.strip.hide)
        runner.changed.connect(self.refresh_strip)
        runner.verdict_changed.connect(self.verdict_moved)
        runner.switch_due.connect(self.remind)
        runner.problem.connect(window.show_problem)
        self.refresh_strip()

    # --- menu actions ---------------------------------------------------------------------------------------------
    def open_planner(self) -> PlannerDialog:
        if self.planner is None:
            self.planner = PlannerDialog(self.book, self.lang, self._window)
            self.planner.saved.connect(self.plan_saved)
            self.planner.finished.connect(self._planner_closed)
        self.planner.show()
        self.planner.raise_()
        return self.planner

    def _planner_closed(self, _result: int) -> None:
        if self.planner is not None:
            self.planner.deleteLater()
        self.planner = None

    def open_plans(self) -> PlansDialog:
        if self.plans is None:
            self.plans = PlansDialog(self.book, self.lang, self._window)
            self.plans.start_requested.connect(self.start_plan)
            self.plans.new_requested.connect(self.open_planner)
            self.plans.finished.connect(self._plans_closed)
        self.plans.show_plans(self.runner.active)
        self.plans.show()
        return self.plans

    def _plans_closed(self, _result: int) -> None:
        if self.plans is not None:
            self.plans.deleteLater()
        self.plans = None

    def show_verdict(self) -> None:
        self._window.show_side_tab(VERDICT_TAB_KEY)
        self._window.widen_side_panel(VERDICT_WIDTH)

    def plan_saved(self, plan_id: str, start: bool) -> None:
        if start:
            self.start_plan(plan_id)

    def start_plan(self, plan_id: str) -> None:
        if self.runner.active:
            self._window.show_problem(_t(ALREADY_RUNNING))
            return
        try:
            self.runner.begin(plan_id)
        except StorageError as exc:
            self._window.show_problem(str(exc))
            return
        self.strip.show()
        self.verdict_moved()

    # --- the strip ------------------------------------------------------------------------------------------------
    def confirm(self) -> None:
        run = self.runner.confirm()
        if run is not None:
            keys = list(self.runner.spec.variant_keys) if self.runner.spec is not None else []
            self.markers.append(self._window.add_time_marker(run.applied_at or 0.0,
                                                             variant_colour(run.variant, keys), run.variant))

    def remind(self, index: int, variant: str) -> None:
        if not isValid(self.strip):  # the runner's signal came after the window was closed
            return
        text = self.strip.switch_text(variant, self._what(variant))
        self.strip.show_reminder(text)
        if self.notify is not None:
            self.notify(_t(SWITCH_TITLE), text)

    def _what(self, variant: str | None) -> str:
        """A variant as the operator named it: its name and what changes in it."""
        spec = self.runner.spec
        found = next((v for v in spec.variants if v.key == variant), None) if spec is not None else None
        if found is None:
            return variant or ""
        return " · ".join(x for x in (found.label, found.change) if x) or found.key

    def refresh_strip(self) -> None:
        if not isValid(self.strip):  # the runner's signal came after the window was closed
            return
        runner, spec = self.runner, self.runner.spec
        if spec is None:
            self.strip.hide()
            return
        current = runner.current
        runs = runner.runs
        shown = current.variant if current is not None else (runs[-1].variant if runs else None)
        nxt = runner.next_variant()
        self.strip.show_run(StripView(
            plan=spec.name, metric=glossary.label(spec.metric, self.lang), keys=tuple(spec.variant_keys),
            slot=(current.index if current is not None else runner.next_index) + 1, n_slots=spec.n_slots,
            variant=shown, what=self._what(shown) if shown else "", time_left_s=runner.time_left_s(),
            next_variant=nxt, next_what=self._what(nxt) if nxt else "", state=runner.state,
            in_slot=current is not None))

    # --- the verdict ----------------------------------------------------------------------------------------------
    def view(self) -> PlanView | None:
        runner = self.runner
        if runner.spec is None:
            return None
        return PlanView(runner.spec, runner.outcomes(), runner.verdict, runner.state)

    def verdict_moved(self) -> None:
        if not isValid(self.strip):  # the runner's signal came after the window was closed
            return
        verdict = self.runner.verdict
        text = verdict_text(verdict, self.lang, self.runner.variant_names()) if verdict is not None else ""
        if self.runner.state == ABORTED and text:
            text = _t(STOPPED_EARLY).replace("%1", text)
        self.strip.verdict.setText(text)
        self.refresh_panel()

    def refresh_panel(self) -> None:
        if self.panel.isVisible():
            self.panel.show_plan(self.view())


def attach_experiments(window: MainWindow, runner: PlanRunner, book: PlanBook, notify: Notify | None = None,
                       lang: str = "zh") -> ExperimentsAttachment:
    """Add the A/B menu, runner strip and verdict tab to the live window; the caller keeps the attachment and adds
    its runner to the poll fan-out."""
    return ExperimentsAttachment(window, runner, book, notify, lang)
