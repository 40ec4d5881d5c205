"""A top-level top on the screen it opens on: never larger than that screen's available area, never off it,
and a geometry stored on another screen (another size: a laptop, a projector, an offscreen run) not reused as is
but replaced by the default size fitted to this screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget


def screen_area(widget: QWidget) -> QRect:
    """The available area (without panels and docks) of the screen the widget is on (else the primary one)."""
    screen: QScreen | None = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)


def screen_key(area: QRect) -> str:
    """How a stored geometry names the screen it was stored on (its available size)."""
    return f"{area.width()}x{area.height()}"


def fitted(size: QSize, area: QRect) -> QSize:
    """`size` no larger than `area`."""
    return QSize(min(size.width(), area.width()), min(size.height(), area.height()))


def fit_to_screen(top: QWidget) -> None:
    """Shrink the window to its screen's available area and move it fully onto it (the frame included)."""
    area = screen_area(top)
    frame = top.frameGeometry()
    extra = QSize(max(0, frame.width() - top.width()), max(0, frame.height() - top.height()))
    size = fitted(top.size(), QRect(0, 0, area.width() - extra.width(), area.height() - extra.height()))
    if size != top.size():
        top.resize(size)
    frame = top.frameGeometry()
    x = min(max(frame.x(), area.x()), area.x() + area.width() - frame.width())
    y = min(max(frame.y(), area.y()), area.y() + area.height() - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        top.move(x, y)


def restore_on_this_screen(top: QWidget, geometry: object, stored_on: object, default: QSize) -> None:
    """Restore a stored geometry when it was stored on a screen of this one's size, else open at `default`,
    centred; either way fitted to the screen (fit_to_screen)."""
    area = screen_area(top)
    if isinstance(geometry, QByteArray) and stored_on == screen_key(area) and top.restoreGeometry(geometry):
        fit_to_screen(top)
        return
    size = fitted(default, area)
    top.resize(size)
    top.move(area.x() + (area.width() - size.width()) // 2, area.y() + (area.height() - size.height()) // 2)
    fit_to_screen(top)
