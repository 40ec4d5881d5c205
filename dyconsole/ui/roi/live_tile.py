"""The live 7-day ROI tile: the projection of services.settlement.projection beside the GMV/cost ROI tile (the
window's `add_tile` seam), labelled a projection by its glossary name, with its 90% range under the figure and,
on hover, what it stands on (the room's settled sessions, or the prior when there are none)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dyconsole.core import glossary
from dyconsole.services.settlement.projection import Roi7Projection
from dyconsole.ui.live.kpi_tiles import KpiTile
from dyconsole.ui.main_window import MainWindow

TILE_ID = "roi7_projected"


def tile_texts(projection: Roi7Projection, lang: str) -> tuple[str, str, str]:
    """(figure, range line, tooltip) of the tile."""
    f = projection.figure()
    value = glossary.fmt(TILE_ID, f.value, lang)
    # the range in as few characters as a compact tile holds (what it is: the tooltip's first line)
    span = "" if f.low is None or f.high is None else (
        f"{glossary.fmt(TILE_ID, f.low, lang)}~{glossary.fmt(TILE_ID, f.high, lang)}")
    if f.sessions:
        basis = QCoreApplication.translate(
            "Roi7Tile", "Projected from this room's %1 settled sessions (their refunds and repurchases)")
        basis = basis.replace("%1", str(f.sessions))
    else:
        basis = QCoreApplication.translate("Roi7Tile", "Projected from a prior: this room has no settled session yet")
    net = QCoreApplication.translate("Roi7Tile", "Net of refunds, repurchases included; settled 7 days after the broadcast.")
    other = QCoreApplication.translate("Roi7Tile", "Not the platform's GMV/cost ROI.")
    tip = f"{glossary.label('roi7_range', lang)}: {span or '—'}\n{basis}\n{net} {other}"
    return value, span, tip


def attach_roi7_tile(window: MainWindow, projection: Roi7Projection, lang: str) -> KpiTile:
    def refresh(tile: KpiTile) -> None:
        value, span, tip = tile_texts(projection, lang)
        tile.show_value(value, span)
        tile.setToolTip(tip)

    return window.add_tile(TILE_ID, glossary.label(TILE_ID, lang), "live_roi", refresh)
