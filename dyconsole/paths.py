"""Where the console keeps its files: the user data dir (platformdirs), overridable for tests and portable use.

`DYCONSOLE_DATA_DIR` in the environment replaces the platform's user data dir (tests always set it).
"""

from __future__ import annotations

import os
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
