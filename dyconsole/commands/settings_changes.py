"""Composition-root helper: the operator's changes to the console window's settings (`SettingsChanges`): the settings
dialog (one open at a time, raised when asked for again), what saving it changes (the window's tiles and change
window, the room watch's connection), and the tiles chosen from the window's menu (saved at once).

Made once the console's parts are built, after the first frame (the dialog's modules are imported when it opens);
the settings in force stay the console's (`settings()` reads them, `use()` replaces them).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from dyconsole.services.settings.app_settings import AppSettings, save_settings

if TYPE_CHECKING:
    from dyconsole.commands.console_parts import ConsoleParts
    from dyconsole.ui.settings.dialog import SettingsDialog

log = logging.getLogger(__name__)


class SettingsChanges:
    """The settings dialog of one run of the console (`dialog` while it is open) and what the window's settings
    requests change; `parts()` is the run's built parts (None once shut down)."""

    def __init__(self, settings: Callable[[], AppSettings], use: Callable[[AppSettings], None],
                 parts: Callable[[], ConsoleParts | None]) -> None:
        self._settings = settings
        self._use = use
        self._parts = parts
        self.dialog: SettingsDialog | None = None

    def open(self) -> None:
        """Open the settings dialog (the one open raised instead)."""
        from dyconsole.ui.settings.dialog import SettingsDialog

        if self.dialog is not None:
            self.dialog.raise_()
            return
        parts = self._parts()
        assert parts is not None
        dialog = SettingsDialog(self._settings(), parts.store, parts.window)
        dialog.settingsSaved.connect(self.saved)
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self, _result: int) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def saved(self, settings: AppSettings) -> None:
        """The dialog's OK: the settings in force now, applied to the window and the room watch."""
        self._use(settings)
        parts = self._parts()
        if parts is None:
            return
        if parts.window is not None:
            parts.window.apply_settings(settings.visible_tiles, settings.change_window_min)
        parts.watch.use_settings(settings)

    def tiles_chosen(self, tiles: list[str]) -> None:
        """The tiles chosen from the window's menu: in force and saved now."""
        self._use(replace(self._settings(), visible_tiles=tuple(tiles)))
        try:
            save_settings(self._settings())
        except (OSError, ValueError) as exc:
            log.warning("could not save the visible tiles: %s", exc)
