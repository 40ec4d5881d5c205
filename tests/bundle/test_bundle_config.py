"""What the bundle leaves out (packaging/bundle_config.py): unused Qt plugins and translations go, what the console
draws with stays; the excluded modules are none the console imports."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bundle_config", ROOT / "packaging" / "bundle_config.py")
assert _spec is not None and _spec.loader is not None
bundle_config = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bundle_config)


def _kept(dest: str) -> bool:
    return bool(bundle_config.keep([(dest, "/src/" + dest, "BINARY")]))


def test_unused_plugins_and_translations_go() -> None:
    assert not _kept("PySide6/Qt/translations/qtbase_de.qm")
    assert not _kept("PySide6/Qt/plugins/imageformats/libqsvg.so")
    assert not _kept("PySide6\\plugins\\imageformats\\qtiff.dll")  # Windows wheels: PySide6/plugins
    assert not _kept("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not _kept("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")


def test_what_the_console_draws_with_stays() -> None:
    for dest in ("PySide6/Qt/translations/qtbase_zh_CN.qm", "PySide6/Qt/plugins/platforms/libqxcb.so",
                 "PySide6/Qt/plugins/platforms/libqoffscreen.so", "PySide6\\plugins\\platforms\\qwindows.dll",
                 "PySide6/Qt/plugins/imageformats/libqjpeg.so", "PySide6/Qt/lib/libQt6Gui.so.6",
                 "dyconsole/resources/i18n/dyconsole_zh_CN.qm", "numpy/_core/_multiarray_umath.so"):
        assert _kept(dest), dest


def test_no_excluded_module_is_one_the_console_imports() -> None:
    excluded = set(bundle_config.excludes())
    used = {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"}
    assert not excluded & used
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "dyconsole").rglob("*.py"))
    for module in excluded:
        assert f"import {module}" not in sources and f"from {module} " not in sources, module
    assert "PySide6.QtWebEngineCore" in excluded and "PySide6.QtQml" in excluded and "PySide6.Qt3DCore" in excluded
    assert sys.modules.get("bundle_config") is None  # loaded by path, not left importable by name
