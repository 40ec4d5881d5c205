"""The big-screen KPI tiles: one large figure per tile with its change over the last minutes.

Which tiles show is the operator's choice (right-click the tiles, or the settings dialog); the choice is emitted
as `visible_tiles_changed` for the window to save. The online tile carries a visible 估 ("estimate") badge when the
figure is the console's estimate rather than a real count. The tiles only show text they are given
(`show_tile`); the window computes it from core.kpis on its slow text clock.
"""

from __future__ import annotations

from typing import Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from dyconsole.core.kpis import TILES, Tile
from dyconsole.core.numfmt import MISSING, fmt_count, fmt_duration, fmt_money, fmt_pct, fmt_ratio
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.common.fitted_label import FittedLabel
from dyconsole.ui.common.theme import ESTIMATE, FALL, RISE, SURFACE, TEXT_DIM, restyle

#: a tile this wide shows its figure in the large type
MIN_TILE_WIDTH = 172
#: down to this width the tiles stay on one row in a compact type (a 1280-wide screen keeps its chart height);
#: below it the row wraps into two and the large type comes back
MIN_COMPACT_TILE_WIDTH = 118
#: a window this wide stands on a screen tall enough (1080 px and up) for two rows of tiles in the large type:
#: there the row wraps rather than going compact (14 tiles in one compact row at 1920 px read 23 px, their labels
#: cut)
WIDE_WINDOW_PX = 1800
VALUE_PX = 30
COMPACT_VALUE_PX = 22
#: a tile's padding left and right, in the large and the compact type
PADDING_PX, COMPACT_PADDING_PX = 10, 4
#: the room between a tile's label and its badge, in the large and the compact type
HEAD_SPACING_PX, COMPACT_HEAD_SPACING_PX = 6, 2
#: on a wide screen (a wall display) the figures grow with their tile, up to this
MAX_VALUE_PX = 52
TITLE_PX, MAX_TITLE_PX = 13, 18
#: the window's margins around the tiles (the central column's), counted before a layout placed them
UNPLACED_MARGIN_PX = 12


def type_sizes(tile_width: int, compact: bool) -> tuple[int, int]:
    """(figure px, label px) for a tile this wide: on a crowded row the compact type, still growing with the tile
    (23 px at 1366 wide, 27 at 1600: a room PC's figures read from across the desk), else the large type."""
    if compact:
        return max(COMPACT_VALUE_PX, min(VALUE_PX - 2, int(tile_width * 0.17))), TITLE_PX
    return (max(VALUE_PX, min(MAX_VALUE_PX, int(tile_width * 0.17))),
            max(TITLE_PX, min(MAX_TITLE_PX, int(tile_width * 0.06))))


#: the tiles' look, set once on their row (a sheet of each tile's own, and of its badge and change figure, was
#: parsed and polished for every tile as the window was built)
TILES_SHEET = (
    f"QFrame#kpiTile {{ background: {SURFACE}; border-radius: 6px; }}"
    f" QLabel#estimateBadge {{ color: #1b1b1b; background: {ESTIMATE}; border-radius: 4px; padding: 0 4px;"
    " font-size: 13px; font-weight: bold; }"
    f" QLabel#kpiChange {{ color: {TEXT_DIM}; font-size: 13px; }}"
)


def _change_sheet(colour: str) -> str:
    """The own style of a tile's change figure in `colour` (rise, fall); none when flat (TILES_SHEET's)."""
    return "" if colour == TEXT_DIM else f"color: {colour}; font-size: 13px;"


class KpiTile(QFrame):
    """One tile: label, big value (with an optional 估 badge) and the change over the last minutes."""

    def __init__(self, tile_id: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tile_id = tile_id
        self.setObjectName("kpiTile")  # styled by its row's TILES_SHEET, as its badge and its flat change figure
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(MIN_COMPACT_TILE_WIDTH - 8)
        # the labels are the tile's from the start (built apart, each was styled again as it joined the tile, already in
        # its window); a long label never widens the tile: it drops its parenthetical, or is elided, and reads whole on
        # hover
        self.title = FittedLabel(label, self)
        self.title.setStyleSheet(f"color: {TEXT_DIM}; font-size: {TITLE_PX}px;")
        self.value = QLabel(MISSING, self)
        self.value.setObjectName("kpiValue")
        self.sizes = (VALUE_PX, TITLE_PX)
        self.value.setStyleSheet(f"font-size: {VALUE_PX}px; font-weight: bold;")
        self.badge = QLabel(self.tr("est."), self)
        self.badge.setObjectName("estimateBadge")
        self.badge.setToolTip(self.tr("Estimated from entries and dwell time: the platform gives no real count"))
        self.badge.setVisible(False)
        self.change = QLabel("", self)
        self.change.setObjectName("kpiChange")
        head = QHBoxLayout()  # the badge sits beside the label, leaving the figure its full width
        head.setSpacing(HEAD_SPACING_PX)
        self.head = head
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(PADDING_PX, 3, PADDING_PX, 3)
        layout.setSpacing(0)
        layout.addLayout(head)
        layout.addWidget(self.value)
        layout.addWidget(self.change)

    def set_type(self, value_px: int, title_px: int, compact: bool = False) -> None:
        """The figure's and label's type; `compact` (a crowded row) narrows the padding, leaving the label room for
        "平均停留时长" beside its 估 badge."""
        padding = COMPACT_PADDING_PX if compact else PADDING_PX
        self.layout().setContentsMargins(padding, 3, padding, 3)
        self.head.setSpacing(COMPACT_HEAD_SPACING_PX if compact else HEAD_SPACING_PX)
        if (value_px, title_px) != self.sizes:  # each label restyled only if its own type changed (a re-polish each)
            self.sizes = (value_px, title_px)
            restyle(self.value, f"font-size: {value_px}px; font-weight: bold;")
            restyle(self.title, f"color: {TEXT_DIM}; font-size: {title_px}px;")

    def show_value(self, value: str, change: str = "", trend: int = 0, estimate: bool = False) -> None:
        """`trend` > 0 up, < 0 down, 0 flat or unknown; `estimate` shows the 估 badge."""
        self.value.setText(value)
        self.badge.setVisible(estimate)
        if trend > 0:
            colour, arrow = RISE, "▲ "
        elif trend < 0:
            colour, arrow = FALL, "▼ "
        else:
            colour, arrow = TEXT_DIM, ""
        self.change.setText(arrow + change if change else "")
        restyle(self.change, _change_sheet(colour))


class KpiTiles(QWidget):
    """A row of tiles; the right-click menu chooses which show."""

    visible_tiles_changed = Signal(list)

    def __init__(self, tiles: Sequence[tuple[str, str]], visible: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(TILES_SHEET)  # before the tiles are built into the row
        self._order = [tile_id for tile_id, _ in tiles]
        self.tiles: dict[str, KpiTile] = {}
        self.actions_by_id: dict[str, QAction] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(6)
        self._columns = 0
        self._beside: dict[str, str] = {}  # a feature's tile -> the built-in tile it is shown beside
        for tile_id, label in tiles:
            tile = KpiTile(tile_id, label, self)
            self.tiles[tile_id] = tile
            action = QAction(label, self)
            action.setCheckable(True)
            action.toggled.connect(self._menu_toggled)
            self.actions_by_id[tile_id] = action
        self.set_visible_tiles(visible)

    def add_tile(self, tile_id: str, label: str, beside: str) -> KpiTile:
        """A feature's tile, right after the tile `beside` and shown exactly when that one is (no menu entry of
        its own: it belongs with it)."""
        tile = KpiTile(tile_id, label, self)
        self.tiles[tile_id] = tile
        self._order.insert(self._order.index(beside) + 1, tile_id)
        self._beside[tile_id] = beside
        self.set_visible_tiles([t for t in self._order if not self.tiles[t].isHidden()])
        return tile

    def set_change_window(self, minutes: int) -> None:
        for tile in self.tiles.values():
            tile.change.setToolTip(self.tr("Change over the last %1 min").replace("%1", str(minutes)))

    @staticmethod
    def arrangement(width: int, count: int) -> tuple[int, bool]:
        """(columns, compact type) for `count` tiles in `width` pixels: one row in the large type when it fits,
        else (below WIDE_WINDOW_PX) one row in the compact type, else as few rows as fit in the large type."""
        if count == 0:
            return 1, False
        if width >= count * MIN_TILE_WIDTH:
            return count, False
        if count * MIN_COMPACT_TILE_WIDTH <= width < WIDE_WINDOW_PX:
            return count, True
        return max(1, width // MIN_TILE_WIDTH), False

    def _laid_out_width(self) -> int:
        """The width the tiles have, or will have: before a layout first placed them (a window built and not shown
        yet), their window's width less its margins, not a hidden widget's default width (its rows worked out for
        640 px made the window's minimum height 886 px before it showed, and the window opened that high)."""
        if self.testAttribute(Qt.WidgetAttribute.WA_Resized) or self.window() is self:
            return self.width()
        return max(1, self.window().width() - UNPLACED_MARGIN_PX)

    def _relayout(self) -> None:
        visible = [t for t in self._order if not self.tiles[t].isHidden()]
        width = self._laid_out_width()
        columns, compact = self.arrangement(width, len(visible))
        rows = -(-len(visible) // columns) if visible else 1
        columns = -(-len(visible) // rows) if visible else 1  # balance the rows: 5+5 rather than 8+2
        sizes = type_sizes(width // max(1, columns), compact)
        for tile in self.tiles.values():
            tile.set_type(*sizes, compact=compact)
        if columns == self._columns and self.grid.count() == len(visible):
            return
        self._columns = columns
        while self.grid.count():
            self.grid.takeAt(0)
        for i, tile_id in enumerate(visible):
            self.grid.addWidget(self.tiles[tile_id], i // columns, i % columns)
        for c in range(len(self._order)):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._relayout()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Polish:  # about to show: the rows for the window's width as it is now,
            self._columns = 0  # before its layout first asks the tiles' height
            self._relayout()
        return super().event(event)

    def visible_tiles(self) -> list[str]:
        """The operator's choice of tiles shown (a feature's tile follows the one it is beside: not listed)."""
        return [t for t in self._order if not self.tiles[t].isHidden() and t not in self._beside]

    def all_shown(self) -> bool:
        """Whether every tile the operator chose shows a figure (none its placeholder)."""
        return all(self.tiles[t].value.text() not in ("", MISSING) for t in self.visible_tiles())

    def set_visible_tiles(self, visible: Sequence[str]) -> None:
        own = [t for t in self._order if t not in self._beside]
        wanted = set(visible) & set(own) or set(own)
        for tile_id, anchor in self._beside.items():
            self.tiles[tile_id].setHidden(anchor not in wanted)
        for tile_id in own:
            tile = self.tiles[tile_id]
            tile.setHidden(tile_id not in wanted)
            action = self.actions_by_id[tile_id]
            action.blockSignals(True)
            action.setChecked(tile_id in wanted)
            action.blockSignals(False)
        self._columns = 0
        self._relayout()

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addSection(self.tr("Tiles to show"))
        for tile_id in self._order:
            if tile_id in self.actions_by_id:
                menu.addAction(self.actions_by_id[tile_id])
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        self.context_menu().exec(event.globalPos())

    def _menu_toggled(self, _on: bool) -> None:
        chosen = [t for t in self._order if t in self.actions_by_id and self.actions_by_id[t].isChecked()]
        if not chosen:  # keep at least one tile on screen
            self.set_visible_tiles(self.visible_tiles())
            return
        self.set_visible_tiles(chosen)
        self.visible_tiles_changed.emit(chosen)

    def show_tile(self, tile_id: str, value: str, change: str = "", trend: int = 0, estimate: bool = False) -> None:
        tile = self.tiles.get(tile_id)
        if tile is not None and not tile.isHidden():
            tile.show_value(value, change, trend, estimate)



def tile_labels(lang: str) -> list[tuple[str, str]]:
    """(tile id, label) for every tile core.kpis knows, in its order."""
    return [(t.id, t.label(lang)) for t in TILES]


def format_tile_value(unit: str, value: float | None, lang: str) -> str:
    if unit == "count":
        return fmt_count(None if value is None else round(value), lang)
    if unit == "seconds":
        return fmt_duration(value, lang)
    if unit == "yuan":
        return fmt_money(value, lang)
    if unit == "ratio":
        return fmt_pct(value, lang, 2)
    return fmt_ratio(value, lang)


def tile_text(tile: Tile, lang: str) -> tuple[str, str, int, bool]:
    """(value, change, trend, estimate) as a tile shows them; the arrow (trend) carries the sign."""
    value = format_tile_value(tile.spec.unit, tile.value, lang)
    if tile.change is None:
        return value, "", 0, tile.is_estimate
    trend = (tile.change > 0) - (tile.change < 0)
    amount = format_tile_value(tile.spec.unit, abs(tile.change), lang)
    return value, amount if trend else "±0", trend, tile.is_estimate


def tile_texts(feed: LiveFeed, lang: str, change_min: int) -> dict[str, tuple[str, str, int, bool]]:
    """Every tile's texts from the live feed's KPI tracker."""
    return {t.id: tile_text(t, lang) for t in feed.kpis.tiles(change_min)}
