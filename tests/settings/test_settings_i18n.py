"""Translations and theme: zh_CN turns the English source strings into Chinese, en leaves them alone."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPalette

from dyconsole.core.model import ConnectionState
from dyconsole.services.settings.app_settings import AppSettings
from dyconsole.ui.common import theme
from dyconsole.ui.common.i18n import catalogue_path, i18n_dir, install_translator
from dyconsole.ui.settings.dialog import SettingsDialog, tile_label


@pytest.fixture
def language(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    install_translator(qapp, "en")  # the QApplication is shared: leave it in the source language


def test_catalogues_ship_inside_the_package() -> None:
    assert i18n_dir().parts[-3:] == ("dyconsole", "resources", "i18n")
    assert catalogue_path("zh_CN").is_file()
    assert (i18n_dir() / "dyconsole_zh_CN.ts").is_file()


def test_every_entry_of_the_catalogue_is_translated() -> None:
    root = ET.parse(i18n_dir() / "dyconsole_zh_CN.ts").getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation").get("type") == "unfinished" or not m.findtext("translation")]
    assert unfinished == []


def test_zh_cn_translates_and_en_stays_english(qapp, qtbot, language) -> None:  # type: ignore[no-untyped-def]
    install_translator(qapp, "zh_CN")
    assert QCoreApplication.translate("Validation", "Required") == "必填"
    d = SettingsDialog(AppSettings(), None)
    qtbot.addWidget(d)
    assert d.windowTitle() == "设置"
    assert d.tabs.tabText(0) == "千川" and d.authorize_button.text() == "授权"
    d._fields["interval_room"].editor.setText("0")
    assert d._fields["interval_room"].error_label.text() == "须在 1 到 600 秒之间"
    assert tile_label("gmv") == "成交金额"

    install_translator(qapp, "en")
    assert QCoreApplication.translate("Validation", "Required") == "Required"
    e = SettingsDialog(AppSettings(), None)
    qtbot.addWidget(e)
    assert e.windowTitle() == "Settings" and e.tabs.tabText(0) == "Qianchuan"
    assert tile_label("gmv") == "GMV"


def test_unknown_language_falls_back_to_english(qapp, language) -> None:  # type: ignore[no-untyped-def]
    install_translator(qapp, "zh_CN")
    install_translator(qapp, "fr")
    assert QCoreApplication.translate("Validation", "Required") == "Required"


def test_theme_is_dark_with_cjk_fonts_and_named_colours(qapp) -> None:  # type: ignore[no-untyped-def]
    old_style, old_palette, old_font = qapp.style().name(), qapp.palette(), qapp.font()
    try:
        theme.apply_theme(qapp)
        window = qapp.palette().color(QPalette.ColorRole.Window)
        text = qapp.palette().color(QPalette.ColorRole.WindowText)
        assert window.lightness() < 50 < 200 < text.lightness()
        assert qapp.font().families()[0] == "WenQuanYi Micro Hei"
        assert qapp.font().pointSize() >= 12
        assert pg.getConfigOption("background") == theme.BACKGROUND
        assert len(set(theme.SERIES_PALETTE)) == len(theme.SERIES_PALETTE) >= 8
        assert {theme.state_colour(s) for s in ConnectionState} == {theme.OK, theme.DEGRADED, theme.DOWN}
    finally:
        qapp.setStyleSheet("")
        qapp.setStyle(old_style)
        qapp.setPalette(old_palette)
        qapp.setFont(old_font)
        pg.setConfigOptions(background="k", foreground="d")
