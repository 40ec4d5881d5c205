"""The icon files the bundle and the installers use: every PNG size of packaging/make_icons.py is there at its size,
and the Windows .ico holds exactly those PNGs (one entry a size, its bytes the PNG's)."""

from __future__ import annotations

import struct
from pathlib import Path

from dyconsole.paths import resource_dir
from dyconsole.ui.common.app_icon import ICON_SIZES, icon_files

ICONS = resource_dir("icons")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_every_png_size_is_there_at_its_size() -> None:
    files = icon_files()
    assert [f.name for f in files] == [f"dyconsole-{s}.png" for s in ICON_SIZES]
    for size, path in zip(ICON_SIZES, files):
        assert _png_size(path.read_bytes()) == (size, size)


def test_the_ico_holds_the_png_sizes() -> None:
    data = (ICONS / "dyconsole.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, len(ICON_SIZES))
    for i, size in enumerate(ICON_SIZES):
        w, h, _colours, _res, planes, bits, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i:22 + 16 * i])
        assert (w or 256, h or 256, planes, bits) == (size, size, 1, 32)
        assert data[offset:offset + length] == (ICONS / f"dyconsole-{size}.png").read_bytes()


def test_the_svg_source_is_shipped_beside_them() -> None:
    text = (ICONS / "dyconsole.svg").read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text
