"""Features reach the main window through its seams only (DESIGN.md: side tabs, strips, menu actions, status
items, chart time markers; for the app its settings and problems): an AST scan of dyconsole/ (but the window
itself) for attribute accesses on a window object, allowing only the seam names, the window's signals and clocks,
and the QWidget calls the app makes. A planted violation fails the checker."""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "dyconsole"
#: the window's own modules: the window, and its layout kept between runs
WINDOW_MODULES = {PKG / "ui" / "main_window.py", PKG / "ui" / "live" / "window_layout.py"}

SEAMS = {
    # the live window's seams (ui.main_window.MainWindow)
    "add_side_tab", "side_tab_keys", "show_side_tab", "current_side_tab", "add_strip", "menu", "add_action",
    "menu_actions", "add_status_item", "add_time_marker", "add_time_region", "apply_settings", "show_problem",
    "show_recording_trouble", "show_history_loading", "build_later_tabs",
    "widen_side_panel", "chart_time_range", "show_time_range", "add_tile",
    # the review window's (ui.review.window.ReviewWindow)
    "add_review_tab", "review_tab_keys", "show_review_tab",
}
SIGNALS = {"closed", "settings_requested", "sessions_requested", "visible_tiles_changed", "time_range_changed"}
CLOCKS = {"draw_history", "start", "stop", "redraw_tick", "refresh_text"}
QWIDGET_API = {"show", "close", "resize", "grab", "windowTitle", "deleteLater", "raise_", "activateWindow",
               "isVisible"}
ALLOWED = SEAMS | SIGNALS | CLOCKS | QWIDGET_API

#: names and attributes that hold a window wherever they appear
WINDOW_NAMES = {"window", "main_window"}
WINDOW_ATTRS = {"window", "_window", "main_window"}


def _annotated_windows(tree: ast.AST) -> tuple[set[str], set[str]]:
    """Names and attribute names annotated as a MainWindow, or given one (`x = MainWindow(...)`)."""
    names: set[str] = set()
    attrs: set[str] = set()

    def note(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            names.add(target.id)
        elif isinstance(target, ast.Attribute):
            attrs.add(target.attr)

    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None and "MainWindow" in ast.unparse(node.annotation):
            names.add(node.arg)
        elif isinstance(node, ast.AnnAssign) and "MainWindow" in ast.unparse(node.annotation):
            note(node.target)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) \
                and isinstance(node.value.func, ast.Name) and node.value.func.id == "MainWindow":
            for target in node.targets:
                note(target)
    return names, attrs


def window_reaches(source: str, filename: str = "<source>") -> list[str]:
    """Every `window.<name>` in `source` whose name is no seam (nor an allowed signal, clock or QWidget call)."""
    tree = ast.parse(source, filename=filename)
    names, attrs = _annotated_windows(tree)
    names |= WINDOW_NAMES
    attrs |= WINDOW_ATTRS

    def is_window(node: ast.AST) -> bool:
        if isinstance(node, ast.Name):
            return node.id in names
        if isinstance(node, ast.Attribute):
            return node.attr in attrs
        return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "MainWindow"

    return [f"{filename}:{node.lineno}: {ast.unparse(node)}" for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and is_window(node.value) and node.attr not in ALLOWED]


def test_nothing_outside_the_window_reaches_into_it() -> None:
    problems: list[str] = []
    for path in sorted(PKG.rglob("*.py")):
        if path not in WINDOW_MODULES:
            problems += window_reaches(path.read_text(encoding="utf-8"), str(path.relative_to(PKG)))
    assert not problems, "reaching into the main window past its seams:\n" + "\n".join(problems)


def test_the_seam_check_catches_a_violation() -> None:
    planted = '''
from dyconsole.ui.main_window import MainWindow

def attach(window, service):
    window.add_side_tab("log", service.log, "Log")          # a seam: fine
    window.side.addTab(service.log, "Log")                  # reaches in
    window.menuBar().addMenu("&Alerts")                     # reaches in

class Feature:
    def __init__(self, live: MainWindow) -> None:
        self.live: MainWindow = live
        live.charts.panels[0].plot.addItem(None)            # reaches in
        self.live.tiles.set_visible_tiles([])               # reaches in

class App:
    def settings_saved(self):
        self.window.change_window_min = 3                   # reaches in (even to write)
        self.window.apply_settings([], 3)                   # a seam: fine
        made = MainWindow(None)
        made.status.error_label.setText("x")                # reaches in
        MainWindow(None).alert_ui = self                    # reaches in
'''
    found = window_reaches(planted)
    reached = sorted(line.split(": ", 1)[1] for line in found)
    assert reached == sorted([
        "window.side", "window.menuBar", "live.charts", "self.live.tiles", "self.window.change_window_min",
        "made.status", "MainWindow(None).alert_ui",
    ]), found
