"""Token and secret storage: keyring when there is one, memory (with a clear message) when there is none."""

from __future__ import annotations

import asyncio

import keyring
import keyring.backend
import keyring.errors
import pytest

from dyconsole.sources.credentials import NO_KEYRING_MESSAGE, KeyringTokenStore, KeyringUnavailable, \
    MemoryTokenStore, SessionFallbackStore, TokenSet, open_token_store
from dyconsole.sources.errors import AuthFailed
from dyconsole.sources.tokens import TokenKeeper
from tests.support.fake_douyin_api import JumpClock


class NoKeyring(keyring.backend.KeyringBackend):
    priority = 0  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


TOKENS = TokenSet("acc-SECRET", "ref-SECRET", 1000.0, 2000.0, issued_at=0.0, scope={"shop_id": "s"})


def test_keyring_store_round_trips_under_service_dyconsole(memory_keyring) -> None:  # type: ignore[no-untyped-def]
    store = KeyringTokenStore()
    store.save_tokens("qianchuan:a", TOKENS)
    store.set_secret("qianchuan:a", "app-secret")
    assert store.load_tokens("qianchuan:a") == TOKENS and store.get_secret("qianchuan:a") == "app-secret"
    assert {s for s, _ in memory_keyring.store} == {"dyconsole"}
    store.clear_tokens("qianchuan:a")
    store.clear_tokens("qianchuan:a")  # twice is fine
    assert store.load_tokens("qianchuan:a") is None


def test_no_keyring_is_a_clear_error_and_the_console_keeps_working_in_memory(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    keyring.set_keyring(NoKeyring())
    with pytest.raises(KeyringUnavailable, match="credentials are kept for this session only"):
        KeyringTokenStore().get_secret("x")
    monkeypatch.chdir(tmp_path)
    store = open_token_store()
    assert store.warning is not None and store.warning.startswith(NO_KEYRING_MESSAGE)
    store.save_tokens("qianchuan:a", TOKENS)
    assert store.load_tokens("qianchuan:a") == TOKENS
    assert list(tmp_path.iterdir()) == []  # nothing written to a file


def test_a_keyring_failing_mid_session_falls_back_once() -> None:
    store = SessionFallbackStore()
    store.save_tokens("a", TOKENS)
    assert store.warning is None
    keyring.set_keyring(NoKeyring())
    store.save_tokens("a", TOKENS)
    assert store.warning and store.load_tokens("a") == TOKENS


def test_token_values_never_show_in_reprs() -> None:
    store = MemoryTokenStore()
    store.save_tokens("a", TOKENS)
    for text in (repr(TOKENS), str(TOKENS), repr(store), repr(SessionFallbackStore(store))):
        assert "SECRET" not in text


def test_keeper_refreshes_once_for_concurrent_callers_and_saves_at_once() -> None:
    clock = JumpClock(start=950.0)  # inside the refresh margin of TOKENS
    store = MemoryTokenStore()
    store.save_tokens("a", TOKENS)
    calls: list[str] = []

    async def refresher(refresh_token: str) -> TokenSet:
        calls.append(refresh_token)
        await asyncio.sleep(0)
        return TokenSet(f"acc-{len(calls)}", f"ref-{len(calls)}", clock.now() + 86400, issued_at=clock.now())

    keeper = TokenKeeper(store, "a", clock, refresher)

    async def main() -> list[str]:
        return list(await asyncio.gather(*[keeper.access_token() for _ in range(5)]))

    assert asyncio.run(main()) == ["acc-1"] * 5
    assert calls == ["ref-SECRET"]
    saved = store.load_tokens("a")
    assert saved.refresh_token == "ref-1" and saved.scope == {"shop_id": "s"}  # scope kept across refresh


def test_short_lived_tokens_are_refreshed_in_their_last_fifth() -> None:
    clock = JumpClock(start=0.0)
    store = MemoryTokenStore()
    store.save_tokens("a", TokenSet("acc", "ref", 60.0, issued_at=0.0))
    keeper = TokenKeeper(store, "a", clock, refresher=None)  # type: ignore[arg-type]
    assert asyncio.run(keeper.access_token()) == "acc"  # at 0 s of 60 s: not due although margin is 600 s
    assert keeper.refreshes == 0


def test_no_grant_is_auth_failed() -> None:
    keeper = TokenKeeper(MemoryTokenStore(), "a", JumpClock(), refresher=None)  # type: ignore[arg-type]
    with pytest.raises(AuthFailed, match="authorize"):
        asyncio.run(keeper.access_token())
