"""Make the app icon's PNG sizes and the Windows .ico from the one SVG (dyconsole/resources/icons/dyconsole.svg).

Run after changing the SVG:  QT_QPA_PLATFORM=offscreen python packaging/make_icons.py
The outputs are committed (the app and the bundle use the PNGs, the Windows installer and exe the .ico), so neither
the app nor the build needs QtSvg. The .ico holds every size as a PNG entry (Windows Vista and later read those).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent.parent / "dyconsole" / "resources" / "icons"
SIZES: tuple[int, ...] = (16, 24, 32, 48, 64, 128, 256)


def ico_bytes(pngs: list[tuple[int, bytes]]) -> bytes:
    """An .ico file holding each (size, PNG data) as one entry: ICONDIR, the ICONDIRENTRYs, then the images."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, data in pngs:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(images))
        images += data
    return header + entries + images


def main() -> int:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICON_DIR / "dyconsole.svg"))
    if not renderer.isValid():
        print("make_icons: the SVG does not load", file=sys.stderr)
        return 1
    pngs: list[tuple[int, bytes]] = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        (ICON_DIR / f"dyconsole-{size}.png").write_bytes(bytes(data))
        pngs.append((size, bytes(data)))
    (ICON_DIR / "dyconsole.ico").write_bytes(ico_bytes(pngs))
    print(f"make_icons: {len(pngs)} PNG sizes and dyconsole.ico in {ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
