"""The UI language: Qt translations of the English source strings (tr()) into Chinese.

Owns where the compiled catalogues live (`dyconsole/resources/i18n/dyconsole_<lang>.qm`, shipped as package data;
regenerate with `packaging/update_translations.sh`), `install_translator(app, lang)` (the console's catalogue plus
Qt's own qtbase catalogue for standard buttons and dialogs), the list of languages the console offers, and
`count_text` (a count in a sentence with its real plural: "1 page", "3 pages", never a hedged "page" + "(s)": English, the
source language, has no catalogue to give Qt's %n plural forms).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from dyconsole.paths import resource_dir

log = logging.getLogger(__name__)

#: the languages the console offers; English is the source language (no catalogue needed)
LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
SOURCE_LANGUAGE = "en"
CATALOGUE_PREFIX = "dyconsole_"

# translators currently installed, kept referenced (a QTranslator that is garbage-collected stops translating)
_installed: list[QTranslator] = []


def count_text(n: int, one: str, other: str) -> str:
    """`one` (n is 1) or `other`, both already translated (tr()), with %n replaced by n."""
    return (one if n == 1 else other).replace("%n", str(n))


def i18n_dir() -> Path:
    """The folder holding the .ts sources and the compiled .qm catalogues (inside the installed package)."""
    return resource_dir("i18n")


def catalogue_path(lang: str) -> Path:
    return i18n_dir() / f"{CATALOGUE_PREFIX}{lang}.qm"


def install_translator(app: QCoreApplication, lang: str) -> None:
    """Switch the application's translations to `lang` ("zh_CN" or "en"); widgets built afterwards use it."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang not in LANGUAGES:
        log.warning("unknown UI language %r; using English", lang)
        lang = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(lang))
    if lang == SOURCE_LANGUAGE:
        return
    ours = QTranslator(app)
    if ours.load(str(catalogue_path(lang))):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation catalogue for %s at %s; the UI stays in English", lang, catalogue_path(lang))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qtbase = QTranslator(app)
    if qtbase.load(f"qtbase_{lang}", qt_dir):
        app.installTranslator(qtbase)
        _installed.append(qtbase)
