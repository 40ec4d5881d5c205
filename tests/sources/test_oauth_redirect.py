"""The loopback OAuth2 redirect catcher, driven by real HTTP requests over a 127.0.0.1 socket."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from dyconsole.sources.oauth_redirect import (
    OAuthRedirectError,
    RedirectCatcher,
    RedirectTimeout,
    StateMismatch,
    qianchuan_authorize_url,
)


async def _get(url: str, **params: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=5.0) as client:
        return await client.get(url, params=params)


def test_receives_the_code_over_a_real_socket(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="dyconsole")

    async def scenario() -> tuple[str, httpx.Response, httpx.Response]:
        async with RedirectCatcher() as catcher:
            assert catcher.redirect_uri.startswith("http://127.0.0.1:")
            favicon = await _get(f"http://127.0.0.1:{catcher.port}/favicon.ico")
            resp = await _get(catcher.redirect_uri, auth_code="AC-123456", state=catcher.state)
            return await catcher.wait_for_code(timeout=5.0), resp, favicon

    code, resp, favicon = asyncio.run(scenario())
    assert code == "AC-123456"
    assert resp.status_code == 200 and "close this tab" in resp.text and "可以关闭" in resp.text
    assert favicon.status_code == 404  # other paths do not end the wait
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("dyconsole")]
    assert ours and not any("AC-123456" in m for m in ours)  # the code is never logged by the console


def test_doudian_style_code_parameter_is_accepted() -> None:
    async def scenario() -> str:
        async with RedirectCatcher(state="fixed-state") as catcher:
            await _get(catcher.redirect_uri, code="DD-42", state="fixed-state")
            return await catcher.wait_for_code(timeout=5.0)

    assert asyncio.run(scenario()) == "DD-42"


def test_a_wrong_state_is_rejected() -> None:
    async def scenario() -> httpx.Response:
        async with RedirectCatcher() as catcher:
            resp = await _get(catcher.redirect_uri, auth_code="AC-1", state="forged")
            with pytest.raises(StateMismatch):
                await catcher.wait_for_code(timeout=5.0)
            return resp

    resp = asyncio.run(scenario())
    assert resp.status_code == 400 and "AC-1" not in resp.text


def test_a_redirect_without_a_code_fails_clearly() -> None:
    async def scenario() -> None:
        async with RedirectCatcher() as catcher:
            resp = await _get(catcher.redirect_uri, state=catcher.state)
            assert resp.status_code == 400
            with pytest.raises(OAuthRedirectError, match="without a code"):
                await catcher.wait_for_code(timeout=5.0)

    asyncio.run(scenario())


def test_times_out_and_frees_the_port() -> None:
    async def scenario() -> int:
        async with RedirectCatcher() as catcher:
            port = catcher.port
            with pytest.raises(RedirectTimeout):
                await catcher.wait_for_code(timeout=0.05)
        return port

    port = asyncio.run(scenario())

    async def connect() -> None:
        await asyncio.open_connection("127.0.0.1", port)

    with pytest.raises(OSError):
        asyncio.run(connect())


def test_a_rejected_redirect_nobody_awaits_is_not_a_loop_error() -> None:
    errors: list[dict] = []

    async def scenario() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _l, ctx: errors.append(ctx))
        async with RedirectCatcher() as catcher:
            await _get(catcher.redirect_uri, auth_code="x", state="forged")

    asyncio.run(scenario())
    assert errors == []


def test_authorize_url_carries_app_id_redirect_and_state() -> None:
    url = qianchuan_authorize_url("1700000001", "http://127.0.0.1:5555/callback", "st8")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://ad.oceanengine.com/openapi/audit/oauth.html"
    assert parse_qs(parts.query) == {"app_id": ["1700000001"], "redirect_uri": ["http://127.0.0.1:5555/callback"],
                                     "state": ["st8"]}
