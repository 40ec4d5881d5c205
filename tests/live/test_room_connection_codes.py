"""A fresh authorization code replaces the stored grant and is removed once the platform has answered; a refused
code keeps a stored grant in use; a passing network fault keeps the code for the next try."""

from __future__ import annotations

import asyncio

import pytest

from dyconsole.services.live.connection import _use_code
from dyconsole.services.settings.app_settings import auth_code_account
from dyconsole.sources.credentials import MemoryTokenStore
from dyconsole.sources.errors import AuthFailed, Unavailable

ACCOUNT = "qianchuan:1700000001"


class FakeClient:
    def __init__(self, grant: object | None, answer: Exception | None) -> None:
        self.grant, self.answer, self.codes = grant, answer, []

    class _Tokens:
        def __init__(self, outer: "FakeClient") -> None:
            self.outer = outer

        def current(self) -> object | None:
            return self.outer.grant

    @property
    def tokens(self) -> "FakeClient._Tokens":
        return FakeClient._Tokens(self)

    async def authorize(self, code: str) -> None:
        self.codes.append(code)
        if self.answer is not None:
            raise self.answer
        self.grant = f"grant-from-{code}"


def _store(code: str) -> MemoryTokenStore:
    store = MemoryTokenStore()
    store.set_secret(auth_code_account(ACCOUNT), code)
    return store


def test_a_fresh_code_replaces_a_stored_grant_and_is_used_once() -> None:
    client, store = FakeClient("old-grant", None), _store("c1")
    asyncio.run(_use_code(client, "c1", store, ACCOUNT))
    assert client.codes == ["c1"] and client.grant == "grant-from-c1"
    assert not store.get_secret(auth_code_account(ACCOUNT))


def test_a_refused_code_keeps_a_stored_grant_and_is_dropped() -> None:
    client, store = FakeClient("old-grant", AuthFailed("auth_code invalid")), _store("c2")
    asyncio.run(_use_code(client, "c2", store, ACCOUNT))
    assert client.grant == "old-grant" and not store.get_secret(auth_code_account(ACCOUNT))


def test_a_refused_code_without_a_grant_is_an_error() -> None:
    client, store = FakeClient(None, AuthFailed("auth_code invalid")), _store("c3")
    with pytest.raises(AuthFailed):
        asyncio.run(_use_code(client, "c3", store, ACCOUNT))
    assert not store.get_secret(auth_code_account(ACCOUNT))


def test_a_network_fault_keeps_the_code_for_the_next_try() -> None:
    client, store = FakeClient(None, Unavailable("connection refused")), _store("c4")
    with pytest.raises(Unavailable):
        asyncio.run(_use_code(client, "c4", store, ACCOUNT))
    assert store.get_secret(auth_code_account(ACCOUNT)) == "c4"
