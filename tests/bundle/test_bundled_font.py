"""The CJK font a Linux bundle ships (ui/common/theme.add_bundled_fonts) is added only on a machine with no CJK
family, and then Chinese has a family to draw with; with neither, the console says so in its log."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from dyconsole.ui.common.theme import add_bundled_fonts

SYSTEM_WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def test_a_machine_with_a_cjk_font_gets_nothing_added(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "any.ttf").write_bytes(b"not read")
    assert add_bundled_fonts(installed={"Microsoft YaHei", "Arial"}, folder=tmp_path) == []


@pytest.mark.skipif(not SYSTEM_WQY.is_file(), reason="needs fonts-wqy-microhei (bootstrap.sh installs it)")
def test_a_machine_without_one_gets_the_bundled_font(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    shutil.copy(SYSTEM_WQY, tmp_path / SYSTEM_WQY.name)
    added = add_bundled_fonts(installed={"DejaVu Sans"}, folder=tmp_path)
    assert "WenQuanYi Micro Hei" in added


def test_no_cjk_font_and_none_bundled_is_logged(qapp, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.WARNING):
        assert add_bundled_fonts(installed={"DejaVu Sans"}, folder=tmp_path / "missing") == []
    assert "no CJK font installed" in caplog.text
