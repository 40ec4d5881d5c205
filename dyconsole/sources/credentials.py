"""Where app secrets and OAuth tokens are kept: the OS keyring (service "dyconsole"), or memory for this session.

`TokenStore` is what the clients depend on. `KeyringTokenStore` keeps values in the OS keyring; where there is
none (no D-Bus session: keyring's NoKeyringError) it raises `KeyringUnavailable`. `MemoryTokenStore` keeps them in
this process only (the demo room, or the fallback). `open_token_store()` gives the keyring store when it works and
otherwise a memory store plus the message to show the operator. Nothing here ever writes a secret to a file.
The keyring package is imported on first use of the keyring store only (the demo room never loads it: start time).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from types import ModuleType
from typing import Protocol

log = logging.getLogger(__name__)

SERVICE = "dyconsole"
NO_KEYRING_MESSAGE = (
    "no system keyring: credentials are kept for this session only and will be asked again next start"
)


class KeyringUnavailable(RuntimeError):
    """The OS keyring cannot be used; the console keeps credentials in memory for this session."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(NO_KEYRING_MESSAGE + (f" ({detail})" if detail else ""))


@dataclass(frozen=True, slots=True)
class TokenSet:
    """One OAuth grant. Expiry times are broadcast-clock epoch seconds; the token values never show in a repr."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    access_expires_at: float
    refresh_expires_at: float | None = None
    issued_at: float | None = None
    scope: dict[str, str] = field(default_factory=dict)  # advertiser_ids, shop_id...: not secret

    def to_json(self) -> str:
        return json.dumps({"access_token": self.access_token, "refresh_token": self.refresh_token,
                           "access_expires_at": self.access_expires_at,
                           "refresh_expires_at": self.refresh_expires_at, "issued_at": self.issued_at,
                           "scope": self.scope})

    @classmethod
    def from_json(cls, text: str) -> "TokenSet":
        raw = json.loads(text)
        return cls(access_token=str(raw["access_token"]), refresh_token=str(raw["refresh_token"]),
                   access_expires_at=float(raw["access_expires_at"]),
                   refresh_expires_at=None if raw.get("refresh_expires_at") is None
                   else float(raw["refresh_expires_at"]),
                   issued_at=None if raw.get("issued_at") is None else float(raw["issued_at"]),
                   scope={str(k): str(v) for k, v in (raw.get("scope") or {}).items()})


class TokenStore(Protocol):
    """Secrets and tokens by account name (e.g. "qianchuan:<app_id>")."""

    def load_tokens(self, account: str) -> TokenSet | None: ...

    def save_tokens(self, account: str, tokens: TokenSet) -> None: ...

    def clear_tokens(self, account: str) -> None: ...

    def get_secret(self, account: str) -> str | None: ...

    def set_secret(self, account: str, secret: str) -> None: ...


class MemoryTokenStore:
    """Keeps everything in this process: gone at exit, never on disk."""

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._values)} entries)"

    def load_tokens(self, account: str) -> TokenSet | None:
        text = self._values.get(f"{account}:tokens")
        return TokenSet.from_json(text) if text else None

    def save_tokens(self, account: str, tokens: TokenSet) -> None:
        self._values[f"{account}:tokens"] = tokens.to_json()

    def clear_tokens(self, account: str) -> None:
        self._values.pop(f"{account}:tokens", None)

    def get_secret(self, account: str) -> str | None:
        return self._values.get(f"{account}:secret")

    def set_secret(self, account: str, secret: str) -> None:
        self._values[f"{account}:secret"] = secret


def _keyring() -> ModuleType:
    """The keyring package, imported when a keyring store first touches it (keyring.errors comes with it)."""
    import keyring
    import keyring.errors  # noqa: F401  (keyring.errors.* below)

    return keyring


class KeyringTokenStore:
    """The OS keyring, service "dyconsole". Raises `KeyringUnavailable` when there is no usable keyring."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def __repr__(self) -> str:
        return f"KeyringTokenStore(service={self.service!r})"

    def _get(self, name: str) -> str | None:
        keyring = _keyring()
        try:
            return keyring.get_password(self.service, name)
        except keyring.errors.KeyringError as err:
            raise KeyringUnavailable(type(err).__name__) from None

    def _set(self, name: str, value: str) -> None:
        keyring = _keyring()
        try:
            keyring.set_password(self.service, name, value)
        except keyring.errors.KeyringError as err:
            raise KeyringUnavailable(type(err).__name__) from None

    def load_tokens(self, account: str) -> TokenSet | None:
        text = self._get(f"{account}:tokens")
        if not text:
            return None
        try:
            return TokenSet.from_json(text)
        except (ValueError, KeyError, TypeError):
            log.warning("stored tokens for %s are unreadable; authorization needed again", account)
            return None

    def save_tokens(self, account: str, tokens: TokenSet) -> None:
        self._set(f"{account}:tokens", tokens.to_json())

    def clear_tokens(self, account: str) -> None:
        keyring = _keyring()
        try:
            keyring.delete_password(self.service, f"{account}:tokens")
        except keyring.errors.PasswordDeleteError:
            pass
        except keyring.errors.KeyringError as err:
            raise KeyringUnavailable(type(err).__name__) from None

    def get_secret(self, account: str) -> str | None:
        return self._get(f"{account}:secret")

    def set_secret(self, account: str, secret: str) -> None:
        self._set(f"{account}:secret", secret)


class SessionFallbackStore:
    """The keyring while it works; on `KeyringUnavailable`, memory from then on (and `warning` says so once)."""

    def __init__(self, primary: TokenStore | None = None) -> None:
        self._primary: TokenStore | None = primary if primary is not None else KeyringTokenStore()
        self._memory = MemoryTokenStore()
        self.warning: str | None = None

    def __repr__(self) -> str:
        return f"SessionFallbackStore(keyring={'no' if self._primary is None else 'yes'})"

    def _fall_back(self, err: KeyringUnavailable) -> None:
        if self._primary is not None:
            self.warning = str(err)
            log.warning("%s", err)
            self._primary = None

    def _run(self, op: str, *args: object) -> object:
        if self._primary is not None:
            try:
                return getattr(self._primary, op)(*args)
            except KeyringUnavailable as err:
                self._fall_back(err)
        return getattr(self._memory, op)(*args)

    def load_tokens(self, account: str) -> TokenSet | None:
        return self._run("load_tokens", account)  # type: ignore[return-value]

    def save_tokens(self, account: str, tokens: TokenSet) -> None:
        self._run("save_tokens", account, tokens)

    def clear_tokens(self, account: str) -> None:
        self._run("clear_tokens", account)

    def get_secret(self, account: str) -> str | None:
        return self._run("get_secret", account)  # type: ignore[return-value]

    def set_secret(self, account: str, secret: str) -> None:
        self._run("set_secret", account, secret)


def open_token_store(demo: bool = False) -> SessionFallbackStore | MemoryTokenStore:
    """The store the app uses: memory for the demo room; else the keyring, falling back to memory with a warning.

    The keyring is probed once here, so `store.warning` is set before anything is asked of the operator.
    """
    if demo:
        return MemoryTokenStore()
    store = SessionFallbackStore()
    store.get_secret("probe")
    return store
