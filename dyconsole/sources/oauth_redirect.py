"""The loopback end of OAuth2 authorization in the browser.

A tiny asyncio HTTP server on 127.0.0.1 (a free port) that receives the platform's redirect
`GET /callback?auth_code=..&state=..` (Doudian sends `code`), checks `state` against the one this console sent,
answers a small "you can close this tab" page, and hands the code to whoever awaits `wait_for_code(timeout)`.
Also builds the Qianchuan authorization URL. The auth code is never logged.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from html import escape
from types import TracebackType
from urllib.parse import parse_qs, urlencode, urlsplit

log = logging.getLogger(__name__)

QIANCHUAN_AUTHORIZE_URL = "https://ad.oceanengine.com/openapi/audit/oauth.html"
CALLBACK_PATH = "/callback"
#: query parameters that may carry the code: Qianchuan sends auth_code, Doudian code
CODE_PARAMS: tuple[str, ...] = ("auth_code", "code")
MAX_REQUEST_BYTES = 16 * 1024
READ_TIMEOUT_S = 5.0


class OAuthRedirectError(Exception):
    """The browser came back without a usable authorization code."""


class StateMismatch(OAuthRedirectError):
    """The redirect's `state` is not the one this console sent (a stale tab, or a forged request)."""


class RedirectTimeout(OAuthRedirectError, TimeoutError):
    """No redirect arrived in time (the operator closed the browser, or never authorized)."""


def new_state() -> str:
    """An unguessable `state` value for one authorization attempt."""
    return secrets.token_urlsafe(24)


def qianchuan_authorize_url(app_id: str, redirect_uri: str, state: str, base: str = QIANCHUAN_AUTHORIZE_URL) -> str:
    """The page the operator opens to grant this app access to their Qianchuan account."""
    return f"{base}?{urlencode({'app_id': app_id, 'redirect_uri': redirect_uri, 'state': state})}"


_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>dyconsole</title></head>
<body style="font-family:sans-serif;background:#15171c;color:#e8e8e8;text-align:center;padding-top:15%">
<h2>{zh}</h2><p>{en}</p></body></html>"""


def _page(zh: str, en: str) -> bytes:
    return _PAGE.format(zh=escape(zh), en=escape(en)).encode("utf-8")


class RedirectCatcher:
    """Listens on 127.0.0.1 for one OAuth2 redirect. Use as `async with RedirectCatcher() as c:`."""

    def __init__(self, state: str | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 path: str = CALLBACK_PATH) -> None:
        self.state = state or new_state()
        self._host = host
        self._port = port
        self._path = path
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[str] | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the redirect catcher is not started")
        return int(self._server.sockets[0].getsockname()[1])

    @property
    def redirect_uri(self) -> str:
        return f"http://{self._host}:{self.port}{self._path}"

    async def start(self) -> None:
        self._result = asyncio.get_running_loop().create_future()
        self._server = await asyncio.start_server(self._handle, self._host, self._port)
        log.info("waiting for the authorization redirect on %s", self.redirect_uri)

    async def wait_for_code(self, timeout: float) -> str:
        """The auth code of the first valid redirect. Raises StateMismatch, OAuthRedirectError, RedirectTimeout."""
        if self._result is None:
            raise RuntimeError("the redirect catcher is not started")
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), timeout)
        except asyncio.TimeoutError:
            raise RedirectTimeout(f"no authorization arrived within {timeout:.0f} s") from None

    async def aclose(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        if self._result is not None:
            if not self._result.done():
                self._result.cancel()
            elif not self._result.cancelled():
                self._result.exception()  # retrieved: an unawaited failure is not an event-loop error

    async def __aenter__(self) -> "RedirectCatcher":
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()

    # --- one HTTP request -------------------------------------------------------------------------------------

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_S)
            status, body = self._answer(head[:MAX_REQUEST_BYTES])
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, asyncio.TimeoutError, ConnectionError):
            status, body = "400 Bad Request", _page("请求无效", "Bad request")
        try:
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n".encode()
                + body
            )
            await writer.drain()
        except ConnectionError:
            pass
        finally:
            writer.close()

    def _answer(self, head: bytes) -> tuple[str, bytes]:
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3 or parts[0] != "GET":
            return "405 Method Not Allowed", _page("不支持的请求", "Method not allowed")
        target = urlsplit(parts[1])
        if target.path != self._path:
            return "404 Not Found", _page("页面不存在", "Not found")
        query = parse_qs(target.query)
        state = query.get("state", [""])[0]
        code = next((query[p][0] for p in CODE_PARAMS if query.get(p) and query[p][0]), "")
        if not hmac.compare_digest(state.encode(), self.state.encode()):
            log.warning("authorization redirect rejected: state does not match")
            self._finish(StateMismatch("the authorization came back with a different state; please try again"))
            return "400 Bad Request", _page("授权校验失败，请回到控制台重试",
                                            "State mismatch: please retry from the console")
        if not code:
            self._finish(OAuthRedirectError("the authorization came back without a code (was it refused?)"))
            return "400 Bad Request", _page("未收到授权码，请回到控制台重试",
                                            "No authorization code: please retry")
        log.info("authorization code received")
        self._finish(code)
        return "200 OK", _page("授权成功，可以关闭此页面", "Authorized. You can close this tab.")

    def _finish(self, outcome: str | BaseException) -> None:
        if self._result is None or self._result.done():
            return
        if isinstance(outcome, BaseException):
            self._result.set_exception(outcome)
        else:
            self._result.set_result(outcome)
