"""What the PyInstaller bundle leaves out and keeps, shared by packaging/dyconsole.spec and the benchmark's minimal
PySide6 + pyqtgraph app (packaging/bench_bundle.py), so both are built the same way.

PyInstaller's PySide6 hooks collect a Qt module (its library, plugins and translations) when its Python module is
imported. The console uses QtCore, QtGui and QtWidgets; pyqtgraph imports QtOpenGL and QtOpenGLWidgets (its curve
item does, at import) and tries QtSvg and QtTest inside try/except, so those two are excluded like the heavy
families (WebEngine, 3D, Quick/QML, multimedia, ...).
"""

from __future__ import annotations

from typing import Iterable

#: Qt modules the console never uses (PySide6.<name>)
UNUSED_QT: tuple[str, ...] = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender", "QtAxContainer",
    "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus", "QtDesigner", "QtGraphs",
    "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia", "QtMultimediaWidgets", "QtNetwork",
    "QtNetworkAuth", "QtNfc", "QtPdf", "QtPdfWidgets", "QtPositioning",
    "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickWidgets", "QtRemoteObjects",
    "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvg",
    "QtSvgWidgets", "QtTest", "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore",
    "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtXml",
)

#: Python packages that are importable in a dev venv but have no place in the app
UNUSED_PYTHON: tuple[str, ...] = (
    "tkinter", "_tkinter", "PyQt5", "PyQt6", "PySide2", "pytest", "_pytest", "hypothesis", "importlinter",
    "grimp", "IPython", "matplotlib", "pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "pydoc_data",
    "setuptools", "pip",
    # httpx's command-line client (httpx._main, imported by httpx when present) pulls these in: ~0.2 s of start-up
    # and ~10 MB; without them httpx defines a stub `main` and the console's clients are unaffected
    "rich", "pygments", "markdown_it", "mdurl",
)

#: Qt plugin folders that can go: nothing the console draws needs them (the platforms, platform themes, input
#: contexts, xcb GL integration, and the png/jpeg/ico/gif image formats stay; the icon is PNGs, so no SVG icon engine)
UNUSED_QT_PLUGIN_DIRS: tuple[str, ...] = (
    "designer", "qmllint", "qmltooling", "sqldrivers", "tls", "networkinformation", "printsupport",
    "vectorimageformats", "iconengines",
)
#: single plugins that can go: the GTK3 platform theme needs GTK, which the bundle does not carry
UNUSED_QT_PLUGINS: tuple[str, ...] = ("libqgtk3",)
UNUSED_IMAGE_FORMATS: tuple[str, ...] = ("qsvg", "qtiff", "qwebp", "qtga", "qwbmp", "qicns", "qpdf")

#: the Qt translation catalogues kept (the console speaks zh_CN and English)
KEPT_QT_LANGUAGES: tuple[str, ...] = ("zh_CN",)


def excludes() -> list[str]:
    """Module names for Analysis(excludes=...)."""
    return [f"PySide6.{name}" for name in UNUSED_QT] + list(UNUSED_PYTHON)


def _unused_file(dest: str) -> bool:
    parts = dest.replace("\\", "/").split("/")
    if "PySide6" not in parts:
        return False
    name = parts[-1]
    if "translations" in parts and name.endswith(".qm"):
        return not any(name.endswith(f"_{lang}.qm") for lang in KEPT_QT_LANGUAGES)
    if "plugins" in parts:
        folder = parts[parts.index("plugins") + 1] if parts.index("plugins") + 1 < len(parts) else ""
        if folder in UNUSED_QT_PLUGIN_DIRS or name.split(".")[0] in UNUSED_QT_PLUGINS:
            return True
        if folder == "imageformats":
            return any(name.startswith(fmt) or name.startswith("lib" + fmt) for fmt in UNUSED_IMAGE_FORMATS)
    return False


def keep(toc: Iterable[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """A TOC (dest, source, kind) without the unused Qt plugins and translations."""
    return [entry for entry in toc if not _unused_file(entry[0])]
