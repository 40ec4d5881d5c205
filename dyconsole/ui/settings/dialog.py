"""The settings dialog: connections (千川, 抖店) with browser authorization, polling, and display.

Owns editing an `AppSettings`: every field is checked as it is typed, a red message under the field says what is
wrong (in the current language), and OK stays disabled until everything is valid. On OK the secrets (app secrets,
authorization codes) go to the secret store (keyring) only, and the rest is saved to the settings file. A stored
secret is never shown: its field stays empty with a "saved" placeholder; typing a new value replaces it.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path
from typing import Callable, Protocol

from PySide6.QtCore import QLocale, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dyconsole.core.feed import POLL_KINDS, PollIntervals
from dyconsole.core.kpis import TILE_BY_ID
from dyconsole.services.settings.browser_authorization import (
    AuthorizationFailed,
    AuthorizationStateMismatch,
    AuthorizationTimedOut,
    authorize_in_browser,
)
from dyconsole.services.settings.app_settings import (
    QPS_ENDPOINTS,
    TILE_IDS,
    AppSettings,
    DoudianConnection,
    QianchuanConnection,
    auth_code_account,
    doudian_account,
    qianchuan_account,
    save_settings,
)
from dyconsole.ui.common.theme import ALERT_RED
from dyconsole.ui.settings.validators import (
    Rule,
    ValidatedField,
    change_window_error,
    fill_in,
    interval_rule,
    no_spaces_error,
    numeric_id_error,
    qps_error,
    url_error,
)


class SecretStore(Protocol):
    """What the dialog needs of `sources.credentials` (a keyring store, or the session-memory fallback)."""

    def get_secret(self, account: str) -> str | None: ...

    def set_secret(self, account: str, secret: str) -> None: ...


def tile_label(tile_id: str) -> str:
    """The operator's name for a KPI tile (from the KPI registry), in the current language."""
    spec = TILE_BY_ID.get(tile_id)
    if spec is None:
        return tile_id
    return spec.label("zh" if QLocale().language() == QLocale.Language.Chinese else "en")


def _fmt(value: float) -> str:
    return f"{value:g}"


class SettingsDialog(QDialog):
    """Edit the settings; `settingsSaved(AppSettings)` after OK wrote them (secrets to the store, rest to file)."""

    settingsSaved = Signal(object)

    def __init__(self, settings: AppSettings, secret_store: SecretStore | None, parent: QWidget | None = None,
                 *, settings_file: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(640)
        self._settings = settings
        self._store = secret_store
        self._settings_file = settings_file
        self._fields: dict[str, ValidatedField] = {}
        self._auth_task: asyncio.Task[None] | None = None
        # opens the authorization page (tests replace it to play the browser)
        self.open_url: Callable[[str], object] = lambda url: QDesktopServices.openUrl(QUrl(url))

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.tabs = QTabWidget()
        self._tab_of: dict[str, int] = {}  # field name -> index of the tab it is on
        for build, title in ((self._qianchuan_tab, self.tr("Qianchuan")), (self._doudian_tab, self.tr("Doudian")),
                             (self._polling_tab, self.tr("Polling")), (self._display_tab, self.tr("Display"))):
            self.tabs.addTab(build(), title)
        self.status = QLabel()
        self.status.setObjectName("fieldError")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for w in (self.banner, self.tabs, self.status, self.buttons):
            layout.addWidget(w)
        self._refresh_placeholders()
        self._show_store_warning()
        self.validate()

    # --- building the tabs ---------------------------------------------------------------------------------------

    def _field(self, form: QFormLayout, name: str, label: str, text: str, rule: Rule,
               password: bool = False) -> QLineEdit:
        editor = QLineEdit(text)
        editor.setObjectName(name)
        if password:
            editor.setEchoMode(QLineEdit.EchoMode.Password)
        field = ValidatedField(editor, rule, self)
        field.changed.connect(self.validate)
        self._fields[name] = field
        self._tab_of[name] = self.tabs.count()  # the tab being built is added right after
        form.addRow(label, field.widget)
        return editor

    def _form_page(self) -> tuple[QWidget, QFormLayout]:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        outer.addStretch(1)  # rows keep their natural height; the spare room goes below them
        return page, form

    def _qianchuan_tab(self) -> QWidget:
        qc = self._settings.qianchuan
        page, form = self._form_page()
        self.qc_url = self._field(form, "qc_url", self.tr("API base URL"), qc.api_base_url, url_error)
        self.qc_app_id = self._field(form, "qc_app_id", self.tr("App ID"), qc.app_id, lambda t: numeric_id_error(
            t, required=bool(self.qc_secret.text() or self.qc_code.text())))
        self.qc_secret = self._field(form, "qc_secret", self.tr("App secret"), "", no_spaces_error, password=True)
        self.qc_advertiser = self._field(form, "qc_advertiser", self.tr("Advertiser ID"), qc.advertiser_id,
                                         numeric_id_error)
        self.qc_aweme = self._field(form, "qc_aweme", self.tr("Douyin account ID (aweme_id)"), qc.aweme_id,
                                    numeric_id_error)
        self.qc_code = self._field(form, "qc_code", self.tr("Authorization code"), "", no_spaces_error,
                                   password=True)
        self.authorize_button = QPushButton(self.tr("Authorize in browser"))
        self.authorize_button.clicked.connect(self.start_authorization)
        self.auth_status = QLabel()
        self.auth_status.setObjectName("hint")
        self.auth_status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.authorize_button)
        row.addWidget(self.auth_status, 1)
        form.addRow("", row)
        hint = QLabel(self.tr("Authorize opens the Qianchuan login page; the code comes back to this console by "
                              "itself. Or paste a code you obtained elsewhere. Codes are valid for 10 minutes."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form.addRow(hint)
        self.qc_app_id.textChanged.connect(self._refresh_placeholders)
        return page

    def _doudian_tab(self) -> QWidget:
        dd = self._settings.doudian
        page, form = self._form_page()
        self.dd_url = self._field(form, "dd_url", self.tr("API base URL"), dd.api_base_url, url_error)
        self.dd_app_key = self._field(form, "dd_app_key", self.tr("App key"), dd.app_key, lambda t: numeric_id_error(
            t, required=bool(self.dd_secret.text() or self.dd_code.text())))
        self.dd_secret = self._field(form, "dd_secret", self.tr("App secret"), "", no_spaces_error, password=True)
        self.dd_shop = self._field(form, "dd_shop", self.tr("Shop ID"), dd.shop_id, numeric_id_error)
        self.dd_code = self._field(form, "dd_code", self.tr("Authorization code"), "", no_spaces_error,
                                   password=True)
        self.dd_app_key.textChanged.connect(self._refresh_placeholders)
        return page

    def _polling_tab(self) -> QWidget:
        page, form = self._form_page()
        names = {"room": self.tr("Room stats (s)"), "products": self.tr("Products (s)"),
                 "flow": self.tr("Traffic sources (s)"), "audience": self.tr("Audience (s)"),
                 "orders": self.tr("Doudian orders (s)")}
        for kind in POLL_KINDS:
            self._field(form, f"interval_{kind}", names[kind], _fmt(self._settings.poll_intervals.of(kind)),
                        interval_rule(kind))
        title = QLabel(self.tr("Requests per second allowed, per endpoint"))
        title.setObjectName("hint")
        form.addRow(title)
        for i, endpoint in enumerate(QPS_ENDPOINTS):
            self._field(form, f"qps_{i}", endpoint, _fmt(self._settings.qps_of(endpoint)), qps_error)
        return page

    def _display_tab(self) -> QWidget:
        page, form = self._form_page()
        self.language = QComboBox()
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(self._settings.language)))
        lang_hint = QLabel(self.tr("A new language takes effect at the next start."))
        lang_hint.setObjectName("hint")
        lang_box = QVBoxLayout()
        lang_box.addWidget(self.language)
        lang_box.addWidget(lang_hint)
        form.addRow(self.tr("Language"), lang_box)
        self.tiles = QListWidget()
        for tile in TILE_IDS:
            item = QListWidgetItem(tile_label(tile))
            item.setData(Qt.ItemDataRole.UserRole, tile)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            visible = tile in self._settings.visible_tiles
            item.setCheckState(Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)
            self.tiles.addItem(item)
        rows = self.tiles.sizeHintForRow(0) * self.tiles.count() + 2 * self.tiles.frameWidth()
        self.tiles.setFixedHeight(rows)  # every tile visible at once, no scrolling
        self.tiles.itemChanged.connect(lambda _item: self.validate())
        self.tiles_error = QLabel()
        self.tiles_error.setObjectName("fieldError")
        tiles_box = QVBoxLayout()
        tiles_box.addWidget(self.tiles)
        tiles_box.addWidget(self.tiles_error)
        form.addRow(self.tr("KPI tiles shown"), tiles_box)
        self._field(form, "change_window", self.tr("Change over the last (min)"),
                    str(self._settings.change_window_min), change_window_error)
        self.sound = QCheckBox(self.tr("Play a sound on alerts (the stream microphone may pick it up)"))
        self.sound.setChecked(self._settings.sound)
        form.addRow(self.tr("Sound"), self.sound)
        return page

    # --- secrets -------------------------------------------------------------------------------------------------

    def _stored(self, account: str) -> bool:
        if self._store is None:
            return False
        try:
            return bool(self._store.get_secret(account))
        except Exception:  # noqa: BLE001 - a keyring failure is shown in the banner, not raised into Qt
            self._show_store_warning(failed=True)
            return False

    def _refresh_placeholders(self) -> None:
        saved, unset = self.tr("saved"), self.tr("not set")
        qc = qianchuan_account(self.qc_app_id.text().strip())
        dd = doudian_account(self.dd_app_key.text().strip())
        code_hint = self.tr("paste a code, or use Authorize")
        for editor, account, empty in ((self.qc_secret, qc, unset), (self.dd_secret, dd, unset),
                                       (self.qc_code, auth_code_account(qc), code_hint),
                                       (self.dd_code, auth_code_account(dd), unset)):
            editor.setPlaceholderText(saved if self._stored(account) else empty)

    def _show_store_warning(self, failed: bool = False) -> None:
        if self._store is None or failed or getattr(self._store, "warning", None):
            self.banner.setText(self.tr("No system keyring: secrets are kept for this session only and will be "
                                        "asked again at the next start."))
            self.banner.setVisible(True)

    def _new_secrets(self) -> list[tuple[str, str]]:
        qc = qianchuan_account(self.qc_app_id.text().strip())
        dd = doudian_account(self.dd_app_key.text().strip())
        pairs = ((qc, self.qc_secret), (auth_code_account(qc), self.qc_code),
                 (dd, self.dd_secret), (auth_code_account(dd), self.dd_code))
        return [(account, editor.text()) for account, editor in pairs if editor.text()]

    # --- validation and result -----------------------------------------------------------------------------------

    def validate(self) -> bool:
        """Re-check every field, show the messages, and enable OK only when everything is valid."""
        ok = all([field.check() for field in self._fields.values()])
        no_tiles = not self._checked_tiles()
        self.tiles_error.setText(self.tr("Choose at least one tile") if no_tiles else "")
        self.tiles_error.setVisible(no_tiles)
        ok = ok and not no_tiles
        bad_tabs = {self._tab_of[name] for name in self.errors()} | ({self.tabs.count() - 1} if no_tiles else set())
        for i in range(self.tabs.count()):  # a tab hiding a problem says so in its title colour
            self.tabs.tabBar().setTabTextColor(i, QColor(ALERT_RED) if i in bad_tabs else QColor())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        app_id_ok = bool(self.qc_app_id.text().strip()) and not self._fields["qc_app_id"].error
        self.authorize_button.setEnabled(app_id_ok and self._auth_task is None)
        return ok

    def errors(self) -> dict[str, str]:
        """Field name -> message, for every invalid field."""
        return {name: f.error for name, f in self._fields.items() if f.error}

    def _checked_tiles(self) -> tuple[str, ...]:
        items = (self.tiles.item(i) for i in range(self.tiles.count()))
        return tuple(it.data(Qt.ItemDataRole.UserRole) for it in items if it.checkState() == Qt.CheckState.Checked)

    def edited_settings(self) -> AppSettings:
        """The settings as edited (call when `validate()` is True)."""
        text = {name: f.editor.text().strip() for name, f in self._fields.items()}
        intervals = PollIntervals(**{kind: float(text[f"interval_{kind}"]) for kind in POLL_KINDS})
        qps = dict(self._settings.qps)
        qps.update({endpoint: float(text[f"qps_{i}"]) for i, endpoint in enumerate(QPS_ENDPOINTS)})
        return replace(
            self._settings,
            language=str(self.language.currentData()),
            visible_tiles=self._checked_tiles(),
            poll_intervals=intervals,
            qps=qps,
            qianchuan=QianchuanConnection(text["qc_url"], text["qc_app_id"], text["qc_advertiser"], text["qc_aweme"]),
            doudian=DoudianConnection(text["dd_url"], text["dd_app_key"], text["dd_shop"]),
            sound=self.sound.isChecked(),
            change_window_min=int(float(text["change_window"])),
        )

    def accept(self) -> None:
        if not self.validate():
            return
        new = self.edited_settings()
        secrets = self._new_secrets()
        if secrets and self._store is None:
            self.status.setText(self.tr("No secret store: the secrets cannot be kept."))
            return
        try:
            for account, value in secrets:
                self._store.set_secret(account, value)  # type: ignore[union-attr]
        except Exception as err:  # noqa: BLE001 - e.g. KeyringUnavailable: say so, keep the dialog open
            self.status.setText(fill_in(self.tr("The secrets were not saved: %1"), err))
            return
        try:
            save_settings(new, self._settings_file)
        except OSError as err:
            self.status.setText(fill_in(self.tr("The settings file could not be written: %1"), err))
            return
        self._settings = new
        self.settingsSaved.emit(new)
        super().accept()

    def done(self, result: int) -> None:
        if self._auth_task is not None:
            self._auth_task.cancel()
        super().done(result)

    # --- browser authorization -----------------------------------------------------------------------------------

    def start_authorization(self) -> None:
        """Open the Qianchuan authorization page; the code the browser brings back fills the code field."""
        if self._auth_task is not None:
            return
        self.auth_status.setText(self.tr("Waiting for the browser: log in and approve…"))
        self._auth_task = asyncio.ensure_future(self._authorize(self.qc_app_id.text().strip()))
        self.validate()

    async def _authorize(self, app_id: str) -> None:
        try:
            code = await authorize_in_browser(app_id, self.open_url)
        except asyncio.CancelledError:  # the dialog closed: leave its widgets alone
            self._auth_task = None
            raise
        except AuthorizationTimedOut:
            self.auth_status.setText(self.tr("No answer from the browser in time. Try again."))
        except AuthorizationStateMismatch:
            self.auth_status.setText(self.tr("The answer did not match this request (old tab?). Try again."))
        except AuthorizationFailed:
            self.auth_status.setText(self.tr("Authorization was refused or came back without a code."))
        except OSError as err:
            self.auth_status.setText(fill_in(self.tr("Cannot listen on 127.0.0.1: %1"), err))
        else:
            self.qc_code.setText(code)
            self.auth_status.setText(self.tr("Authorization received. Press OK to save it."))
        self._auth_task = None
        self.validate()
