"""The console's look: a dark theme for a dim streaming room, with large readable type and CJK fonts.

Owns the named colours every UI module uses (connection states, the alert red, the series palette), the font
family fallback list (and the CJK font a bundle ships, added only where the machine has none: `add_bundled_fonts`),
`apply_theme(app)` (Fusion style + QPalette + a stylesheet + pyqtgraph's colours), and `font(...)` for the big
figures. Other modules take colours from here rather than inventing their own.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from dyconsole.core.model import ConnectionState
from dyconsole.paths import resource_dir

log = logging.getLogger(__name__)

# --- named colours -----------------------------------------------------------------------------------------------
BACKGROUND = "#121419"  # window and chart background: dark, not black (less glare against the stream lights)
SURFACE = "#1b1e25"  # panels, tiles, inputs
SURFACE_RAISED = "#252a33"  # buttons, selected tab, hover
BORDER = "#323845"
TEXT = "#e6e8ec"
TEXT_DIM = "#9aa2b1"  # captions, units, secondary figures
ACCENT = "#3d8bfd"  # focus, selection, links

OK = "#2ecc71"
DEGRADED = "#f5a623"
DOWN = "#e5484d"
ALERT_RED = "#ff3b3b"  # alert banner and field errors: the one colour that must never be missed
ESTIMATE = "#b794f6"  # marks a figure the console estimates (e.g. online viewers without a real count)
RISE = "#ff5a5f"  # Chinese market convention: up is red
FALL = "#2ecc71"  # ... and down is green

#: chart series colours, distinguishable on the dark background and in the order charts should use them
SERIES_PALETTE: tuple[str, ...] = (
    "#4dabf7",  # blue
    "#ffa94d",  # orange
    "#69db7c",  # green
    "#f783ac",  # pink
    "#ffd43b",  # yellow
    "#9775fa",  # violet
    "#3bc9db",  # cyan
    "#ff8787",  # salmon
    "#a9e34b",  # lime
    "#e599f7",  # lilac
)

STATE_COLOURS: dict[ConnectionState, str] = {
    ConnectionState.OK: OK,
    ConnectionState.DEGRADED: DEGRADED,
    ConnectionState.DOWN: DOWN,
}

# --- type ----------------------------------------------------------------------------------------------------------
#: CJK-capable families first (Linux, Windows, macOS, then Noto), then whatever the platform picks
CJK_FONT_FAMILIES: tuple[str, ...] = ("WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC")
BASE_POINT_SIZE = 12  # readable from a step back
KPI_POINT_SIZE = 28  # the big figures on the tiles
CAPTION_POINT_SIZE = 10


def state_colour(state: ConnectionState) -> str:
    """The colour of a connection state (ok / degraded / down)."""
    return STATE_COLOURS[state]


def background_fill(alpha: int) -> tuple[int, int, int, int]:
    """The background colour as (r, g, b, alpha): the fill of what lies over the charts and must read over them."""
    r, g, b = bytes.fromhex(BACKGROUND[1:])
    return r, g, b, alpha


#: a chart legend's fill: the background at 85%, so a curve passing under a legend does not cross its labels (at 43%
#: the lines read through the text) while the curve stays faintly seen
LEGEND_FILL = background_fill(216)


def series_colour(index: int) -> str:
    """The palette colour for the index-th series of a chart (wraps around)."""
    return SERIES_PALETTE[index % len(SERIES_PALETTE)]


def font(point_size: int = BASE_POINT_SIZE, bold: bool = False) -> QFont:
    """A font with the CJK fallback list, e.g. `font(KPI_POINT_SIZE, bold=True)` for a big figure."""
    f = QFont()
    f.setFamilies(list(CJK_FONT_FAMILIES))
    f.setPointSize(point_size)
    f.setBold(bold)
    return f


def _palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    for r, colour in (
        (role.Window, BACKGROUND), (role.WindowText, TEXT), (role.Base, SURFACE), (role.AlternateBase, BACKGROUND),
        (role.ToolTipBase, SURFACE_RAISED), (role.ToolTipText, TEXT), (role.PlaceholderText, TEXT_DIM),
        (role.Text, TEXT), (role.Button, SURFACE_RAISED), (role.ButtonText, TEXT), (role.BrightText, ALERT_RED),
        (role.Highlight, ACCENT), (role.HighlightedText, "#ffffff"), (role.Link, ACCENT),
        (role.Light, SURFACE_RAISED), (role.Midlight, BORDER), (role.Mid, BORDER), (role.Dark, BACKGROUND),
        (role.Shadow, "#000000"),
    ):
        p.setColor(r, QColor(colour))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#5c6370"))
    return p


STYLESHEET = f"""
QToolTip {{ color: {TEXT}; background: {SURFACE_RAISED}; border: 1px solid {BORDER}; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; top: -1px; }}
QTabBar::tab {{ background: {SURFACE}; color: {TEXT_DIM}; padding: 6px 8px; border: 1px solid {BORDER};
               border-bottom: none; }}
QTabBar::tab:selected {{ background: {SURFACE_RAISED}; color: {TEXT}; }}
QLineEdit, QSpinBox, QDoubleSpinBox, QComboBox {{ background: {SURFACE}; color: {TEXT}; border: 1px solid {BORDER};
               border-radius: 3px; padding: 3px 6px; min-height: 22px; }}
QLineEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus, QComboBox:focus {{ border-color: {ACCENT}; }}
QLineEdit[invalid="true"], QSpinBox[invalid="true"], QDoubleSpinBox[invalid="true"] {{ border-color: {ALERT_RED}; }}
QPushButton {{ background: {SURFACE_RAISED}; color: {TEXT}; border: 1px solid {BORDER}; border-radius: 3px;
               padding: 5px 14px; }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:disabled {{ color: #5c6370; }}
QLabel#fieldError {{ color: {ALERT_RED}; font-size: {CAPTION_POINT_SIZE}pt; }}
QLabel#hint {{ color: {TEXT_DIM}; font-size: {CAPTION_POINT_SIZE}pt; }}
QLabel#banner {{ color: #ffffff; background: {DOWN}; padding: 6px; }}
QGroupBox {{ border: 1px solid {BORDER}; border-radius: 4px; margin-top: 12px; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; color: {TEXT_DIM}; }}
"""


def add_bundled_fonts(installed: set[str] | None = None, folder: Path | None = None) -> list[str]:
    """Where none of `CJK_FONT_FAMILIES` is installed, add the fonts shipped in `resources/fonts` (the Linux bundle
    carries WenQuanYi Micro Hei; Windows has Microsoft YaHei) so Chinese is not drawn as boxes. Returns the families
    added ([] when the machine has a CJK font or the bundle none)."""
    families = set(QFontDatabase.families()) if installed is None else installed
    if families & set(CJK_FONT_FAMILIES):
        return []
    folder = resource_dir("fonts") if folder is None else folder
    added: list[str] = []
    for path in sorted(folder.glob("*.tt[cf]")) if folder.is_dir() else []:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            added += QFontDatabase.applicationFontFamilies(font_id)
    if not added:
        log.warning("no CJK font installed (%s) and none bundled: Chinese text may show as boxes",
                    ", ".join(CJK_FONT_FAMILIES))
    return added


def apply_theme(app: QApplication) -> None:
    """Dark palette, stylesheet, fonts with CJK fallbacks, and pyqtgraph's background/foreground."""
    add_bundled_fonts()
    app.setStyle("Fusion")
    app.setPalette(_palette())
    app.setFont(font(BASE_POINT_SIZE))
    app.setStyleSheet(STYLESHEET)
    pg.setConfigOptions(background=BACKGROUND, foreground=TEXT, antialias=True)


def restyle(widget: QWidget, sheet: str) -> None:
    """Give `widget` this style sheet unless it has it already: setStyleSheet re-polishes the widget even for the
    same text (a live refresh setting the same colours every second would cost a re-polish a widget a second)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)
