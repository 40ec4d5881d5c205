"""The console's icon: the PNG sizes made from `dyconsole/resources/icons/dyconsole.svg` (packaging/make_icons.py),
as one QIcon for the application, its windows and the tray. PNGs, so no SVG plugin is needed (nor bundled)."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon

from dyconsole.paths import resource_dir

log = logging.getLogger(__name__)

#: the sizes packaging/make_icons.py renders (pixels, square)
ICON_SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)


def icon_files() -> list[Path]:
    """The icon's PNG files, smallest first (only those present)."""
    folder = resource_dir("icons")
    return [path for size in ICON_SIZES if (path := folder / f"dyconsole-{size}.png").is_file()]


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """The console's icon at every size it ships (an empty icon, logged, if the files are missing)."""
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    if icon.isNull():
        log.warning("the app icon is missing from %s", resource_dir("icons"))
    return icon
