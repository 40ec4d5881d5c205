"""The settings dialog: per-field validation next to the field, OK gating, secrets to the keyring only, OAuth."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs, urlsplit

import httpx
import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from dyconsole.paths import settings_path
from dyconsole.services.settings.app_settings import (
    AppSettings,
    DoudianConnection,
    QianchuanConnection,
    auth_code_account,
    load_settings,
    qianchuan_account,
)
from dyconsole.sources.credentials import SERVICE, KeyringTokenStore, KeyringUnavailable, SessionFallbackStore
from dyconsole.ui.settings.dialog import SettingsDialog


@pytest.fixture
def dialog(qtbot):  # type: ignore[no-untyped-def]
    d = SettingsDialog(AppSettings(qianchuan=QianchuanConnection(app_id="1700000001"),
                                   doudian=DoudianConnection(app_key="7000001")), KeyringTokenStore())
    qtbot.addWidget(d)
    return d


def _ok_enabled(d: SettingsDialog) -> bool:
    return d.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_defaults_are_valid(dialog: SettingsDialog) -> None:
    assert dialog.errors() == {}
    assert _ok_enabled(dialog)


@pytest.mark.parametrize(("name", "bad", "message", "good"), [
    ("qc_url", "ftp://example.com", "http://", "https://api.oceanengine.com/open_api/"),
    ("qc_url", "", "Required", "http://127.0.0.1:8000/open_api/"),
    ("dd_url", "openapi-fxg.jinritemai.com", "http://", "https://openapi-fxg.jinritemai.com"),
    ("qc_app_id", "17x", "Digits only", "1700000001"),
    ("qc_advertiser", "１２３", "Digits only", "123"),  # full-width digits are not ASCII digits
    ("qc_aweme", "-5", "Digits only", "5"),
    ("dd_app_key", "key!", "Digits only", "7000001"),
    ("dd_shop", "4 2", "Digits only", "42"),
    ("qc_secret", " abc", "spaces", "abc"),
    ("dd_code", "ab cd", "spaces", "abcd"),
    ("interval_room", "0.5", "Between 1 and 600 seconds", "1"),
    ("interval_room", "abc", "number of seconds", "5"),
    ("interval_products", "4", "Between 5 and 3600", "5"),
    ("interval_audience", "7200", "Between 10 and 3600", "3600"),
    ("interval_orders", "-1", "Between 10 and 3600", "60"),
    ("qps_0", "0", "at most 100", "0.5"),
    ("qps_5", "101", "at most 100", "100"),
    ("qps_2", "nan", "requests per second", "2"),
    ("change_window", "2.5", "whole number of minutes", "3"),
    ("change_window", "0", "from 1 to 120", "120"),
])
def test_each_field_shows_its_message_under_it_and_blocks_ok(
        dialog: SettingsDialog, name: str, bad: str, message: str, good: str) -> None:
    field = dialog._fields[name]
    field.editor.setText(bad)
    assert message in field.error_label.text()
    assert field.error_label.isVisibleTo(field.widget)
    assert dialog.tabs.tabBar().tabTextColor(dialog._tab_of[name]).name() == "#ff3b3b"  # the tab says so too
    assert field.error_label.parentWidget() is field.editor.parentWidget()  # right under its own field
    assert list(dialog.errors()) == [name]
    assert not _ok_enabled(dialog)
    field.editor.setText(good)
    assert not field.error_label.isVisibleTo(field.widget)
    assert dialog.errors() == {}
    assert _ok_enabled(dialog)


def test_a_secret_needs_its_app_id(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(AppSettings(), KeyringTokenStore())
    qtbot.addWidget(dialog)
    dialog.qc_secret.setText("s3cr3t-value")
    assert "Required" in dialog._fields["qc_app_id"].error_label.text()
    assert not _ok_enabled(dialog)
    dialog.qc_app_id.setText("1700000001")
    assert _ok_enabled(dialog)


def test_no_tile_selected_is_invalid(dialog: SettingsDialog) -> None:
    for i in range(dialog.tiles.count()):
        dialog.tiles.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert not dialog.tiles_error.isHidden() and "at least one" in dialog.tiles_error.text()
    assert not _ok_enabled(dialog)
    dialog.tiles.item(4).setCheckState(Qt.CheckState.Checked)
    assert _ok_enabled(dialog)


def test_ok_saves_settings_to_the_file_and_secrets_to_the_keyring_only(qtbot, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    d = SettingsDialog(AppSettings(), KeyringTokenStore())
    qtbot.addWidget(d)
    d.qc_app_id.setText("1700000001")
    d.qc_secret.setText("QC-SECRET-0001")
    d.qc_code.setText("QC-AUTHCODE-9")
    d.dd_app_key.setText("7000001")
    d.dd_secret.setText("DD-SECRET-0002")
    d._fields["interval_room"].editor.setText("2")
    d.language.setCurrentIndex(d.language.findData("en"))
    d.sound.setChecked(True)
    with qtbot.waitSignal(d.settingsSaved) as saved:
        d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    new = saved.args[0]
    assert new.language == "en" and new.sound and new.poll_intervals.room == 2.0
    assert load_settings() == new
    text = settings_path().read_text(encoding="utf-8")
    for secret in ("QC-SECRET-0001", "QC-AUTHCODE-9", "DD-SECRET-0002"):
        assert secret not in text
    assert keyring.get_password(SERVICE, "qianchuan:1700000001:secret") == "QC-SECRET-0001"
    assert keyring.get_password(SERVICE, "qianchuan:1700000001:auth_code:secret") == "QC-AUTHCODE-9"
    assert keyring.get_password(SERVICE, "doudian:7000001:secret") == "DD-SECRET-0002"
    assert d.result() == d.DialogCode.Accepted

    # reopened: the stored secret is never shown, only a "saved" placeholder
    again = SettingsDialog(new, KeyringTokenStore())
    qtbot.addWidget(again)
    assert again.qc_secret.text() == "" and again.qc_secret.placeholderText() == "saved"
    assert again.dd_secret.placeholderText() == "saved"
    assert again.qc_code.placeholderText() == "saved"
    assert json.loads(text)["qianchuan"] == {"api_base_url": "https://api.oceanengine.com/open_api/",
                                             "app_id": "1700000001", "advertiser_id": "", "aweme_id": ""}


class _BrokenKeyring:
    def get_secret(self, account: str) -> str | None:
        raise KeyringUnavailable("NoKeyringError")

    def set_secret(self, account: str, secret: str) -> None:
        raise KeyringUnavailable("NoKeyringError")


def test_unavailable_keyring_is_said_and_nothing_is_written(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = SettingsDialog(AppSettings(), _BrokenKeyring())
    qtbot.addWidget(d)
    assert d.banner.isVisibleTo(d) and "session" in d.banner.text()
    d.qc_app_id.setText("1700000001")
    d.qc_secret.setText("QC-SECRET-0001")
    d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert "not saved" in d.status.text() and "keyring" in d.status.text()
    assert d.result() != d.DialogCode.Accepted
    assert not settings_path().exists()


def test_session_fallback_store_keeps_the_secret_for_this_session(qtbot) -> None:  # type: ignore[no-untyped-def]
    store = SessionFallbackStore(primary=_BrokenKeyring())  # type: ignore[arg-type]
    d = SettingsDialog(AppSettings(), store)
    qtbot.addWidget(d)
    assert d.banner.isVisibleTo(d)
    d.qc_app_id.setText("1700000001")
    d.qc_secret.setText("QC-SECRET-0001")
    d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert d.result() == d.DialogCode.Accepted
    assert store.get_secret(qianchuan_account("1700000001")) == "QC-SECRET-0001"
    assert "QC-SECRET-0001" not in settings_path().read_text(encoding="utf-8")


def test_authorize_in_browser_catches_the_code_over_loopback(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    settings = AppSettings(qianchuan=QianchuanConnection(app_id="1700000001"))
    d = SettingsDialog(settings, KeyringTokenStore())
    qtbot.addWidget(d)
    opened: list[str] = []
    visits: list[asyncio.Task[httpx.Response]] = []

    async def browser_visit(url: str) -> httpx.Response:
        query = parse_qs(urlsplit(url).query)
        async with httpx.AsyncClient(timeout=5.0) as client:
            return await client.get(query["redirect_uri"][0],
                                    params={"auth_code": "AC-FROM-BROWSER", "state": query["state"][0]})

    def fake_browser(url: str) -> None:
        opened.append(url)
        visits.append(asyncio.ensure_future(browser_visit(url)))

    d.open_url = fake_browser
    assert d.authorize_button.isEnabled()
    d.authorize_button.click()
    assert not d.authorize_button.isEnabled()  # one authorization at a time
    task = d._auth_task
    assert task is not None
    qloop.run_until_complete(asyncio.wait_for(task, 10))
    assert opened[0].startswith("https://ad.oceanengine.com/openapi/audit/oauth.html?app_id=1700000001")
    assert visits[0].result().status_code == 200
    assert d.qc_code.text() == "AC-FROM-BROWSER"
    assert "received" in d.auth_status.text()
    d.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    account = auth_code_account(qianchuan_account("1700000001"))
    assert KeyringTokenStore().get_secret(account) == "AC-FROM-BROWSER"


def test_authorize_needs_an_app_id_and_closing_cancels_it(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    d = SettingsDialog(AppSettings(), KeyringTokenStore())
    qtbot.addWidget(d)
    assert not d.authorize_button.isEnabled()
    d.qc_app_id.setText("1700000001")
    d.open_url = lambda url: None  # the operator never comes back
    d.start_authorization()
    task = d._auth_task
    assert task is not None
    qloop.run_until_complete(asyncio.sleep(0.05))
    d.reject()
    qloop.run_until_complete(asyncio.gather(task, return_exceptions=True))
    assert task.cancelled()
