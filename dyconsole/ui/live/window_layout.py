"""The live window's layout kept between runs (QSettings, group SETTINGS_GROUP): its geometry and the screen it was
on, its docks' state, the splitter, the side tab shown, the charts' time window and their hidden series. Restored
never larger than this screen: a geometry stored on a screen of another size opens at the default size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from PySide6.QtCore import QByteArray, QSettings, QSize
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QSplitter, QTabWidget

from dyconsole.ui.common.screen_fit import restore_on_this_screen, screen_area, screen_key
from dyconsole.ui.live.charts import WINDOW_PRESETS, LiveCharts

SETTINGS_GROUP = "live_window"


@dataclass(frozen=True)
class LayoutParts:
    """What of the live window the layout keeps: the window, its splitter, side tabs, charts and the charts' time
    window actions (its View menu's)."""

    window: QMainWindow
    splitter: QSplitter
    side: QTabWidget
    charts: LiveCharts
    window_actions: Sequence[QAction]


def save_layout(parts: LayoutParts) -> None:
    s = QSettings()
    s.beginGroup(SETTINGS_GROUP)
    window, charts = parts.window, parts.charts
    s.setValue("geometry", window.saveGeometry())
    s.setValue("screen", screen_key(screen_area(window)))
    s.setValue("state", window.saveState())
    s.setValue("splitter", parts.splitter.saveState())
    s.setValue("tab", parts.side.currentIndex())
    s.setValue("window_preset", charts.preset_group.checkedId())
    s.setValue("hidden_series", [k for k in charts.series_actions if not charts.is_series_visible(k)])
    s.endGroup()
    s.sync()


def restore_layout(parts: LayoutParts, default_size: QSize) -> QSize:
    """Restore what was kept (nothing kept: the default size, fitted to the screen); returns the size the window was
    given, its own placement."""
    window, charts = parts.window, parts.charts
    s = QSettings()
    s.beginGroup(SETTINGS_GROUP)
    try:
        restore_on_this_screen(window, s.value("geometry"), s.value("screen"), default_size)
        placed = window.size()
        state = s.value("state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        splitter = s.value("splitter")
        if isinstance(splitter, QByteArray):
            parts.splitter.restoreState(splitter)
        parts.side.setCurrentIndex(_int(s.value("tab"), 0))
        preset = _int(s.value("window_preset"), -1)
        if 0 <= preset < len(WINDOW_PRESETS):
            charts.set_window_preset(preset)
            parts.window_actions[preset].setChecked(True)
        hidden = s.value("hidden_series") or []
        for key in [hidden] if isinstance(hidden, str) else list(hidden):
            if key in charts.series_actions:
                charts.set_series_visible(key, False)
        return placed
    finally:
        s.endGroup()


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
