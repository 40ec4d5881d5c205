"""Shared request machinery of both clients: one long-lived httpx.AsyncClient, the per-endpoint rate limit, a
timeout on every request, retries with backoff, and the translation of every transport failure into a
`SourceError` (nothing from httpx or asyncio escapes). Also keeps URLs' query strings (where Doudian puts the
access token and the signature) out of httpx's own log lines.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import re
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Mapping, TypeVar

import httpx

from dyconsole.core.clock import Clock
from dyconsole.sources.errors import BadPayload, SourceError, Unavailable, http_error
from dyconsole.sources.parse import to_int
from dyconsole.sources.ratelimit import DEFAULT_QPS, RateLimiter
from dyconsole.sources.retry import Backoff, with_retries

log = logging.getLogger(__name__)
T = TypeVar("T")

_QUERY = re.compile(r"\?[^\s\"']*")


@dataclass(frozen=True, slots=True)
class ClientSettings:
    """Settings of one API client (all configurable; defaults suit the real APIs)."""

    #: real seconds, every request: one room interval (5 s), so a request the server holds never keeps the room poll
    #: from recovering within two intervals once the fault is gone (the APIs answer well within a second)
    timeout_s: float = 5.0
    qps: float = DEFAULT_QPS  # per endpoint, broadcast clock
    qps_by_endpoint: Mapping[str, float] = field(default_factory=dict)
    backoff: Backoff = Backoff()
    refresh_margin_s: float = 600.0  # broadcast seconds before access-token expiry
    page_size: int = 100


def strip_query(text: str) -> str:
    """`https://h/p?access_token=..&sign=..` -> `https://h/p?…`: what may be logged of a URL."""
    return _QUERY.sub("?…", text)


class _RedactUrls(logging.Filter):
    """Rewrites httpx's request log lines so no query string (tokens, signatures) reaches a log handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(strip_query(str(a)) if isinstance(a, (str, httpx.URL)) else a for a in args)
        record.msg = strip_query(str(record.msg))
        return True


def _install_log_redaction() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _RedactUrls) for f in logger.filters):
            logger.addFilter(_RedactUrls())


def describe_transport_error(err: BaseException) -> str:
    text = strip_query(str(err)).strip()
    name = type(err).__name__
    return f"{name}: {text[:160]}" if text else name


#: the most distinct GET URLs an API's transport keeps built (ApiTransport.url); past it, it starts again
URL_CACHE_SIZE = 64


class ApiTransport:
    """One API's connection: base URL, the AsyncClient, the rate limiter and the retry policy."""

    def __init__(
        self,
        base_url: str,
        clock: Clock,
        settings: ClientSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
    ) -> None:
        self.settings = settings or ClientSettings()
        self.clock = clock
        self.base_url = base_url.rstrip("/")
        self.limiter = RateLimiter(clock, self.settings.qps, self.settings.qps_by_endpoint)
        self._rng = rng or random.Random()
        self._client = httpx.AsyncClient(base_url=self.base_url, transport=transport,
                                         timeout=self.settings.timeout_s, follow_redirects=False)
        self.retries = 0
        self._urls: dict[tuple[str, tuple[tuple[str, str], ...]], httpx.URL] = {}  # see url()
        _install_log_redaction()

    def __repr__(self) -> str:
        return f"ApiTransport({self.base_url!r})"

    def url(self, path: str, params: Mapping[str, str]) -> httpx.URL:
        """The absolute URL of `path` with the query `params`, built once per distinct query (a poll's query is the
        same every poll: its date, room, fields, page): httpx builds it from the base URL, the path and the params at
        every request, a urlencode then parses that look at each character (~0.6 ms for the room list's, with its
        ~30 field names; the demo room's history polls it ~50 times in a second). An absolute URL is taken as is."""
        key = (path, tuple(params.items()))
        url = self._urls.get(key)
        if url is None:
            if len(self._urls) >= URL_CACHE_SIZE:
                self._urls.clear()
            url = self._urls[key] = self._client.build_request("GET", path, params=params).url
        return url

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, endpoint: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One rate-limited request with a timeout; any failure to get a response is `Unavailable`. A GET's query
        (`params`, its values strings) goes in the URL built for it once (`url`)."""
        timeout = self.settings.timeout_s
        target: str | httpx.URL = path
        if method == "GET" and kwargs.get("params") is not None:
            target = self.url(path, kwargs.pop("params"))
        async with self.limiter.sending(endpoint):  # the slot counts from the answer (sources.ratelimit)
            try:
                return await asyncio.wait_for(self._client.request(method, target, **kwargs), timeout)
            except (asyncio.TimeoutError, httpx.TimeoutException):
                raise Unavailable(f"no answer within {timeout:g} s", endpoint=endpoint) from None
            except asyncio.CancelledError:
                raise
            except Exception as err:  # noqa: BLE001 - connection refused, protocol errors, app errors in-process
                raise Unavailable(f"connection failed ({describe_transport_error(err)})", endpoint=endpoint) from None

    async def retrying(self, call: Callable[[], Awaitable[T]]) -> T:
        """`call` with the client's backoff for retryable errors."""
        def count(err: SourceError, delay: float) -> None:
            self.retries += 1

        return await with_retries(call, self.clock, self.settings.backoff, self._rng, count)


def decode_json(endpoint: str, response: httpx.Response) -> dict[str, Any]:
    """The JSON object of a response; an HTTP error status or a body that is not a JSON object is an error."""
    status = response.status_code
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    if status >= 400 and not (isinstance(body, dict) and body.get("code") not in (None, 0, 10000)):
        raise http_error(endpoint, status)
    if not isinstance(body, dict):
        raise BadPayload("answer is not a JSON object", endpoint=endpoint, http_status=status)
    return body


def envelope_data(endpoint: str, response: httpx.Response, ok_code: int,
                  error: Callable[[int, Mapping[str, Any]], SourceError]) -> dict[str, Any]:
    """The `data` object of an API answer `{"code": ..., "data": {...}}` (both platforms wrap answers so): a code
    other than `ok_code` raises `error(code, body)`, the platform's domain error; a missing code or a `data` that is
    not an object is a BadPayload; no `data` at all is {}."""
    body = decode_json(endpoint, response)
    code = to_int(body.get("code"))
    if code is None:
        raise BadPayload("answer lacks the envelope code", endpoint=endpoint, http_status=response.status_code)
    if code != ok_code:
        raise error(code, body)
    data = body.get("data")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BadPayload("envelope data is not an object", endpoint=endpoint)
    return data
