"""Domain errors of the sources layer, and the translation of API envelopes' error codes into them.

Every failure a client meets (an error code, an HTTP status, a timeout, a refused connection, a body that is not
JSON) leaves the client as a `SourceError`; nothing from httpx or asyncio escapes. Messages never carry a secret
or a token: they name the endpoint, the code and the server's message.
"""

from __future__ import annotations

from dyconsole.core import wire

#: what an operator is told when the platform refuses the refresh token (or the authorization code)
REAUTHORIZE = "authorization expired: authorize the console again (重新授权)"
#: the same for the Doudian (orders) authorization, which the operator renews separately
REAUTHORIZE_DOUDIAN = "Doudian authorization expired: authorize Doudian again (重新授权抖店)"


class SourceError(Exception):
    """A request that yielded no data. `retryable` says whether asking again later may succeed."""

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        endpoint: str = "",
        code: int | None = None,
        sub_code: str = "",
        http_status: int | None = None,
        retryable: bool | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.endpoint = endpoint
        self.code = code
        self.sub_code = sub_code
        self.http_status = http_status
        if retryable is not None:
            self.retryable = retryable

    def __str__(self) -> str:
        parts = [self.message]
        if self.code is not None:
            parts.append(f"code {self.code}" + (f"/{self.sub_code}" if self.sub_code else ""))
        if self.http_status is not None:
            parts.append(f"HTTP {self.http_status}")
        where = f"{self.endpoint}: " if self.endpoint else ""
        return where + parts[0] + (f" ({', '.join(parts[1:])})" if len(parts) > 1 else "")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class RateLimited(SourceError):
    """The platform said too many requests (QC 40100/40110, DD 60000, HTTP 429)."""

    retryable = True


class Unavailable(SourceError):
    """The service did not answer usefully: 5xx, timeouts, refused connections, QC 50000, DD 20000/20001."""

    retryable = True


class TokenInvalid(SourceError):
    """The access token was refused (QC 40105/40102/40104, DD 40003 + token sub-codes): refresh and retry once."""


class AuthFailed(SourceError):
    """The console is not (or no longer) authorized; the operator must authorize it again."""


class PermissionDenied(SourceError):
    """The app lacks a permission or this machine's IP is not whitelisted (DD 30001/30002)."""


class BadPayload(SourceError):
    """The answer was not JSON, or lacked the envelope or the data the endpoint promises."""


class BadRequest(SourceError):
    """The platform rejected the request itself (bad parameter, signature, timestamp, API offline)."""


def qc_error(endpoint: str, code: int, message: str, http_status: int | None = None) -> SourceError:
    """The domain error for a Qianchuan envelope whose `code` is not 0."""
    kw = {"endpoint": endpoint, "code": code, "http_status": http_status}
    if code in wire.QC_RATE_LIMITS:
        return RateLimited(f"rate limited: {message}", **kw)
    if code == wire.QC_TIMEOUT:
        return Unavailable(f"platform timeout: {message}", **kw)
    if code in wire.QC_REFRESHABLE:
        return TokenInvalid(f"access token refused: {message}", **kw)
    if code == wire.QC_REFRESH_EXPIRED:
        return AuthFailed(f"{REAUTHORIZE}: {message}", **kw)
    return BadRequest(f"request refused: {message}", **kw)


def dd_error(endpoint: str, code: int, msg: str, sub_code: str, http_status: int | None = None) -> SourceError:
    """The domain error for a Doudian envelope whose `code` is not 10000."""
    kw = {"endpoint": endpoint, "code": code, "sub_code": sub_code, "http_status": http_status}
    if code == wire.DD_RATE_LIMIT:
        return RateLimited(f"rate limited: {msg}", **kw)
    if code in (wire.DD_UNAVAILABLE, wire.DD_TIMEOUT):
        return Unavailable(f"service unavailable: {msg}", **kw)
    if code == wire.DD_BAD_REQUEST and sub_code in wire.DD_SUB_REFRESHABLE:
        return TokenInvalid(f"access token refused: {msg}", **kw)
    if code == wire.DD_TOKEN_CREATE_FAILED:
        return AuthFailed(f"{REAUTHORIZE_DOUDIAN}: {msg}", **kw)
    if code in (wire.DD_PERMISSION, wire.DD_IP_NOT_WHITELISTED):
        return PermissionDenied(f"permission denied: {msg}", **kw)
    if code == wire.DD_API_OFFLINE:
        return BadRequest(f"API offline: {msg}", **kw)
    return BadRequest(f"request refused: {msg}", **kw)


def http_error(endpoint: str, status: int) -> SourceError:
    """The domain error for an HTTP status that carries no envelope."""
    if status == 429:
        return RateLimited("rate limited", endpoint=endpoint, http_status=status)
    if status in wire.RETRYABLE_HTTP or status >= 500:
        return Unavailable("service unavailable", endpoint=endpoint, http_status=status)
    if status in (401, 403):
        return PermissionDenied("refused", endpoint=endpoint, http_status=status)
    return BadRequest("unexpected HTTP status", endpoint=endpoint, http_status=status)
