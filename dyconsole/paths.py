"""Where the console keeps its files: the user data dir (platformdirs), overridable for tests and portable use, and
where its shipped resources (translations, icons, a bundled font) are, from a checkout, a wheel or a frozen bundle.

`DYCONSOLE_DATA_DIR` in the environment replaces the platform's user data dir (tests always set it).
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "dyconsole"


def data_dir() -> Path:
    override = os.environ.get("DYCONSOLE_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "sessions.sqlite3"


def settings_path() -> Path:
    return data_dir() / "settings.json"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resource_dir(name: str) -> Path:
    """A folder of the package's shipped resources (`dyconsole/resources/<name>`: i18n, icons, fonts).

    In a PyInstaller bundle the package data sits under `sys._MEIPASS` (the one-folder app's `_internal`); elsewhere
    importlib.resources finds it beside the installed package. The folder may not exist (fonts outside a bundle).
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "dyconsole" / "resources" / name
    return Path(str(resources.files("dyconsole").joinpath("resources", name)))
