"""Connecting to a room: from connection details (the demo room's, or the operator's saved settings and keyring
secrets) to an authorized `sources.room_source.LiveRoomSource` the poller can use.

`saved_connection(settings, store)` reads what the operator saved and says what is missing (a clear message, so
the console can open the settings instead of failing); `connect_room(...)` builds the clients and exchanges an
authorization code when there are no tokens yet. Secrets pass through here to the clients and are never logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Mapping

from dyconsole.core.clock import Clock
from dyconsole.services.settings.app_settings import AppSettings, auth_code_account, doudian_account, qianchuan_account
from dyconsole.sources.credentials import TokenStore
from dyconsole.sources.doudian import DoudianClient
from dyconsole.sources.errors import AuthFailed
from dyconsole.sources.qianchuan import QianchuanClient
from dyconsole.sources.room_source import LiveRoomSource
from dyconsole.sources.transport import ClientSettings

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name pyside6-lupdate collects
    """Marks `text` for translation in `context` (the window translates it where it shows it): Qt's marker, without
    importing Qt, so the headless `dyconsole record` runs without it."""
    return text


@dataclass(frozen=True)
class QianchuanLogin:
    base_url: str
    app_id: str
    secret: str = field(repr=False)
    advertiser_id: str
    aweme_id: str = ""
    auth_code: str = field(default="", repr=False)  # a fresh code: exchanged, replacing any stored grant


@dataclass(frozen=True)
class DoudianLogin:
    base_url: str
    app_key: str
    app_secret: str = field(repr=False)
    shop_id: str = ""
    code: str = field(default="", repr=False)
    buyer_salt: bytes | None = field(default=None, repr=False)  # None: keyed by the app secret (the client's default)


@dataclass(frozen=True)
class RoomConnection:
    qianchuan: QianchuanLogin
    doudian: DoudianLogin | None = None  # None: no orders (GMV still comes from Qianchuan)


class NotConfigured(Exception):
    """The console cannot watch the live room yet; the message (English source text, translated in the "Console"
    context) says what the operator must fill in."""


def saved_connection(settings: AppSettings, store: Any) -> RoomConnection:
    """The operator's saved connection (settings file + keyring). Raises NotConfigured naming what is missing."""
    qc = settings.qianchuan
    if not qc.app_id or not qc.advertiser_id:
        raise NotConfigured(QT_TRANSLATE_NOOP("Console", "Enter the Qianchuan app id and advertiser id in Settings, then authorize."))
    account = qianchuan_account(qc.app_id)
    secret = store.get_secret(account)
    if not secret:
        raise NotConfigured(QT_TRANSLATE_NOOP("Console", "Enter the Qianchuan app secret in Settings (it is kept in the system keyring)."))
    code = store.get_secret(auth_code_account(account)) or ""
    if not code and store.load_tokens(account) is None:
        raise NotConfigured(QT_TRANSLATE_NOOP("Console", "Authorize the console with Qianchuan in Settings (no authorization yet)."))
    qianchuan = QianchuanLogin(qc.api_base_url, qc.app_id, secret, qc.advertiser_id, qc.aweme_id, code)
    doudian = None
    dd = settings.doudian
    if dd.app_key:
        dd_account = doudian_account(dd.app_key)
        dd_secret = store.get_secret(dd_account)
        dd_code = store.get_secret(auth_code_account(dd_account)) or ""
        if dd_secret and (dd_code or store.load_tokens(dd_account) is not None):
            doudian = DoudianLogin(dd.api_base_url, dd.app_key, dd_secret, dd.shop_id, dd_code)
        else:
            log.warning("Doudian is not fully configured (secret or authorization missing): orders are off")
    return RoomConnection(qianchuan, doudian)


async def _use_code(client: Any, code: str, store: Any, account: str) -> None:
    """A fresh authorization code (the operator authorized again, or gave --auth-code) replaces the stored grant,
    which may be dead (a refresh answer lost after rotation); the code is single-use, so once the platform has
    answered it is removed from the keyring. A refused code with a stored grant still in hand: the grant is kept
    and tried. Transient errors propagate with the code kept, for the next try."""
    if not code:
        return
    try:
        await client.authorize(code)
    except AuthFailed:
        if client.tokens.current() is None:
            _forget_code(store, account)
            raise
        log.warning("%s: the saved authorization code was refused; using the stored authorization", account)
    _forget_code(store, account)


def _forget_code(store: Any, account: str) -> None:
    try:
        if store.get_secret(auth_code_account(account)):
            store.set_secret(auth_code_account(account), "")
    except Exception as exc:  # noqa: BLE001 - a keyring problem: the code simply stays (it is refused next time)
        log.warning("could not remove the used authorization code: %s", exc)


def doudian_client(login: DoudianLogin, clock: Clock, store: TokenStore, settings: ClientSettings,
                   transport: Any = None) -> DoudianClient:
    return DoudianClient(app_key=login.app_key, app_secret=login.app_secret, shop_id=login.shop_id, clock=clock,
                         store=store, base_url=login.base_url, settings=settings, transport=transport,
                         buyer_salt=login.buyer_salt)


async def connect_doudian(login: DoudianLogin, clock: Clock, store: TokenStore, *, transport: Any = None,
                          qps: Mapping[str, float] | None = None) -> DoudianClient:
    """An authorized Doudian client alone (settling a session's 7-day ROI needs only the orders). Raises
    sources.errors.SourceError when authorization fails (the client is closed then)."""
    client = doudian_client(login, clock, store, ClientSettings(qps_by_endpoint=dict(qps or {})), transport)
    try:
        await _use_code(client, login.code, store, doudian_account(login.app_key))
    except BaseException:
        await client.aclose()
        raise
    return client


async def connect_room(
    connection: RoomConnection,
    clock: Clock,
    store: TokenStore,
    *,
    transport: Any = None,
    qps: Mapping[str, float] | None = None,
) -> LiveRoomSource:
    """Authorized clients behind one LiveRoomSource. Raises sources.errors.SourceError when authorization fails."""
    client_settings = ClientSettings(qps_by_endpoint=dict(qps or {}))
    q = connection.qianchuan
    qianchuan = QianchuanClient(app_id=q.app_id, secret=q.secret, advertiser_id=q.advertiser_id, aweme_id=q.aweme_id,
                                clock=clock, store=store, base_url=q.base_url, settings=client_settings,
                                transport=transport)
    doudian: DoudianClient | None = None
    try:
        await _use_code(qianchuan, q.auth_code, store, qianchuan_account(q.app_id))
        d = connection.doudian
        if d is not None:
            doudian = doudian_client(d, clock, store, client_settings, transport)
            await _use_code(doudian, d.code, store, doudian_account(d.app_key))
    except BaseException:
        await qianchuan.aclose()
        if doudian is not None:
            await doudian.aclose()
        raise
    return LiveRoomSource(qianchuan, clock, doudian)
