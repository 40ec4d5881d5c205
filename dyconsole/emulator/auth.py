"""The emulator's credentials: Qianchuan OAuth2 (auth codes, rotating access/refresh tokens) and Doudian tokens.

Token lifetimes run on the broadcast clock (accelerated runs stay consistent); authorization codes expire after
10 minutes of REAL time, since a person carries them from the browser (or the emulator's banner) to the console.
Each check returns an error code from core.wire, or None when the credential is good. Nothing here logs a secret.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from dyconsole.core import wire

T = TypeVar("T")  # an API's refusal code

AUTH_CODE_TTL_S = 600.0  # real seconds
QC_ACCESS_TTL_S = 24 * 3600.0
QC_REFRESH_TTL_S = 30 * 24 * 3600.0
DD_ACCESS_TTL_S = 7 * 24 * 3600.0
DD_REFRESH_TTL_S = 14 * 24 * 3600.0
DD_SCOPE = "SCOPE"


@dataclass(slots=True)
class _Token:
    value: str
    issued_at: float  # broadcast seconds
    ttl_s: float | None  # None: the access lifetime in force when checked (so expire_tokens bites at once)


@dataclass(slots=True)
class _Code:
    issued_real: float
    used: bool = False


class AuthError(Exception):
    """A refused grant: `code` (core.wire), `sub_code` for Doudian, and a message without secrets."""

    def __init__(self, code: int, message: str, sub_code: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.sub_code = sub_code
        self.message = message


@dataclass
class TokenBook:
    """One app's codes and token pairs. `access_ttl()` may be shortened by the expire_tokens fault."""

    access_ttl_default: float
    refresh_ttl: float
    wall: Callable[[], float] = time.time
    access_ttl_override: float | None = None
    _codes: dict[str, _Code] = field(default_factory=dict)
    _access: dict[str, _Token] = field(default_factory=dict)
    _refresh: dict[str, _Token] = field(default_factory=dict)

    def access_ttl(self) -> float:
        if self.access_ttl_override is None:
            return self.access_ttl_default
        return min(self.access_ttl_default, self.access_ttl_override)

    def issue_code(self) -> str:
        code = secrets.token_hex(16)
        self._codes[code] = _Code(issued_real=self.wall())
        return code

    def redeem_code(self, code: str) -> bool:
        """Use a code once; False if unknown, used or older than 10 real minutes."""
        entry = self._codes.get(code)
        if entry is None or entry.used or self.wall() - entry.issued_real > AUTH_CODE_TTL_S:
            return False
        entry.used = True
        return True

    def issue_pair(self, now: float) -> tuple[str, str]:
        access, refresh = secrets.token_hex(20), secrets.token_hex(20)
        self._access[access] = _Token(access, now, None)
        self._refresh[refresh] = _Token(refresh, now, self.refresh_ttl)
        return access, refresh

    def access_state(self, token: str, now: float) -> str:
        """'ok', 'unknown' or 'expired'."""
        entry = self._access.get(token)
        if entry is None:
            return "unknown"
        return "expired" if now - entry.issued_at >= self.access_ttl() else "ok"

    def refusal(self, token: str | None, now: float, *, missing: T, unknown: T, expired: T) -> T | None:
        """None if the access token is good, else the API's word for why not (each API has its own codes)."""
        if not token:
            return missing
        state = self.access_state(token, now)
        if state == "unknown":
            return unknown
        return expired if state == "expired" else None

    def rotate(self, refresh_token: str, now: float) -> tuple[str, str] | str:
        """A new pair for a live refresh token (which then stops working), else 'unknown' or 'expired'."""
        entry = self._refresh.get(refresh_token)
        if entry is None:
            return "unknown"
        if now - entry.issued_at >= self.refresh_ttl:
            return "expired"
        del self._refresh[refresh_token]
        return self.issue_pair(now)


class QianchuanAuth:
    """Qianchuan OAuth2: app_id + secret, auth code -> access (24 h) / refresh (30 d), rotating on refresh."""

    def __init__(self, app_id: str, secret: str, advertiser_ids: list[str], wall: Callable[[], float] = time.time):
        self.app_id = app_id
        self.secret = secret
        self.advertiser_ids = list(advertiser_ids)
        self.book = TokenBook(QC_ACCESS_TTL_S, QC_REFRESH_TTL_S, wall=wall)

    def _check_app(self, body: dict) -> None:
        if str(body.get("app_id", "")) != self.app_id or str(body.get("secret", "")) != self.secret:
            raise AuthError(wire.QC_PARAM_ERROR, "app_id or secret is wrong")

    def _grant(self, pair: tuple[str, str]) -> dict:
        return {"access_token": pair[0], "refresh_token": pair[1], "expires_in": int(self.book.access_ttl()),
                "refresh_token_expires_in": int(self.book.refresh_ttl),
                # integers, as the platform answers them (the official Go SDK declares []int64)
                "advertiser_ids": [int(i) if i.isdigit() else i for i in self.advertiser_ids]}

    def access_token(self, body: dict, now: float) -> dict:
        self._check_app(body)
        if body.get("grant_type", "auth_code") != "auth_code":  # the official SDKs leave it out: accepted
            raise AuthError(wire.QC_PARAM_ERROR, "grant_type must be auth_code")
        if not self.book.redeem_code(str(body.get("auth_code", ""))):
            raise AuthError(wire.QC_PARAM_ERROR, "auth_code is invalid, used or expired")
        return self._grant(self.book.issue_pair(now))

    def refresh_token(self, body: dict, now: float) -> dict:
        self._check_app(body)
        if body.get("grant_type", "refresh_token") != "refresh_token":
            raise AuthError(wire.QC_PARAM_ERROR, "grant_type must be refresh_token")
        result = self.book.rotate(str(body.get("refresh_token", "")), now)
        if result == "expired":
            raise AuthError(wire.QC_REFRESH_EXPIRED, "refresh_token expired")
        if isinstance(result, str):
            raise AuthError(wire.QC_PARAM_ERROR, "refresh_token is invalid or already used")
        return self._grant(result)

    def check(self, token: str | None, now: float) -> int | None:
        """None if the Access-Token is good, else 40104 (missing), 40105 (invalid), 40102 (expired)."""
        return self.book.refusal(token, now, missing=wire.QC_TOKEN_EMPTY, unknown=wire.QC_TOKEN_INVALID,
                                 expired=wire.QC_TOKEN_EXPIRED)


class DoudianAuth:
    """Doudian: app_key + app_secret sign every call; code -> access token (7 d) + refresh (14 d, rotating)."""

    def __init__(self, app_key: str, app_secret: str, shop_id: str, shop_name: str,
                 wall: Callable[[], float] = time.time):
        self.app_key = app_key
        self.app_secret = app_secret
        self.shop_id = shop_id
        self.shop_name = shop_name
        self.book = TokenBook(DD_ACCESS_TTL_S, DD_REFRESH_TTL_S, wall=wall)

    def _grant(self, pair: tuple[str, str]) -> dict:
        return {"access_token": pair[0], "expires_in": int(self.book.access_ttl()), "refresh_token": pair[1],
                "scope": DD_SCOPE, "shop_id": self.shop_id, "shop_name": self.shop_name}

    def create(self, params: dict, now: float) -> dict:
        if params.get("grant_type") != "authorization_code":
            raise AuthError(wire.DD_TOKEN_CREATE_FAILED, "grant_type must be authorization_code",
                            "isv.parameter-invalid")
        if not self.book.redeem_code(str(params.get("code", ""))):
            raise AuthError(wire.DD_TOKEN_CREATE_FAILED, "code is invalid, used or expired", "isv.code-invalid")
        return self._grant(self.book.issue_pair(now))

    def refresh(self, params: dict, now: float) -> dict:
        if params.get("grant_type") != "refresh_token":
            raise AuthError(wire.DD_TOKEN_CREATE_FAILED, "grant_type must be refresh_token",
                            "isv.parameter-invalid")
        result = self.book.rotate(str(params.get("refresh_token", "")), now)
        if isinstance(result, str):
            raise AuthError(wire.DD_TOKEN_CREATE_FAILED, f"refresh_token {result}", "isv.refresh-token-invalid")
        return self._grant(result)

    def check(self, token: str | None, now: float) -> str | None:
        """None if the access_token is good, else the 40003 sub_code (no-existed or expired)."""
        return self.book.refusal(token, now, missing=wire.DD_SUB_TOKEN_MISSING, unknown=wire.DD_SUB_TOKEN_MISSING,
                                 expired=wire.DD_SUB_TOKEN_EXPIRED)
