"""Shipped resources are found from a checkout and from a frozen bundle (paths.resource_dir): in a PyInstaller
bundle under sys._MEIPASS, where the spec puts them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from dyconsole.paths import resource_dir

PKG = Path(__file__).resolve().parents[2] / "dyconsole"


def test_from_a_checkout_the_resources_are_the_package_s() -> None:
    assert resource_dir("i18n") == PKG / "resources" / "i18n"
    assert (resource_dir("i18n") / "dyconsole_zh_CN.qm").is_file()


def test_in_a_bundle_they_are_under_meipass(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_dir("icons") == tmp_path / "dyconsole" / "resources" / "icons"


def test_the_spec_ships_each_resource_folder_where_resource_dir_looks() -> None:
    spec = (PKG.parent / "packaging" / "dyconsole.spec").read_text(encoding="utf-8")
    for name in ("i18n", "icons", "fonts"):
        assert f'"dyconsole/resources/{name}"' in spec
    assert '"dyconsole/emulator/scenarios"' in spec  # emulator.scenarios reads them beside its module
