"""OAuth2 token upkeep shared by both clients: refresh before expiry, rotation saved at once, one refresh at a time.

The platform rotates refresh tokens: every refresh returns a new pair and the old refresh token stops working. So
the new pair is written to the `TokenStore` the moment it arrives, before anything uses it; a crash right after a
refresh can then never leave the console holding a dead refresh token. Expiry is judged on the broadcast clock
(the emulator's tokens live on it too). Concurrent callers share one refresh through a lock.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import Any, Awaitable, Callable, Mapping

from dyconsole.core.clock import Clock
from dyconsole.sources.credentials import TokenSet, TokenStore
from dyconsole.sources.errors import REAUTHORIZE, AuthFailed, BadPayload
from dyconsole.sources.parse import to_number

log = logging.getLogger(__name__)

#: refresh this many broadcast seconds before the access token expires
DEFAULT_REFRESH_MARGIN_S = 600.0
#: a token living shorter than margin/fraction is refreshed in the last fraction of its life instead
SHORT_LIFE_FRACTION = 0.2

Refresher = Callable[[str], Awaitable[TokenSet]]


def grant_from_answer(data: Mapping[str, Any], now: float, endpoint: str, *, scope: dict[str, str],
                      refresh_ttl_key: str, default_refresh_ttl_s: float) -> TokenSet:
    """The grant in a token answer's `data` (either platform): access_token, refresh_token and expires_in are
    required (else BadPayload); the refresh token lives `data[refresh_ttl_key]` seconds, else the default."""
    access, refresh = data.get("access_token"), data.get("refresh_token")
    expires_in = to_number(data.get("expires_in"))
    if not access or not refresh or expires_in is None:
        raise BadPayload("token answer lacks access_token/refresh_token/expires_in", endpoint=endpoint)
    refresh_in = to_number(data.get(refresh_ttl_key))
    return TokenSet(access_token=str(access), refresh_token=str(refresh), access_expires_at=now + expires_in,
                    refresh_expires_at=now + (refresh_in if refresh_in is not None else default_refresh_ttl_s),
                    issued_at=now, scope=scope)


class TokenKeeper:
    """The current grant of one account; `refresher(refresh_token)` asks the platform for a new pair."""

    def __init__(
        self,
        store: TokenStore,
        account: str,
        clock: Clock,
        refresher: Refresher,
        refresh_margin_s: float = DEFAULT_REFRESH_MARGIN_S,
        reauthorize: str = REAUTHORIZE,
    ) -> None:
        self._store = store
        self.account = account
        self._clock = clock
        self._refresher = refresher
        self.refresh_margin_s = refresh_margin_s
        self.reauthorize = reauthorize  # what the operator is told when there is no grant
        self._lock = asyncio.Lock()
        self.refreshes = 0

    def __repr__(self) -> str:
        return f"TokenKeeper({self.account!r})"

    def current(self) -> TokenSet | None:
        return self._store.load_tokens(self.account)

    def adopt(self, tokens: TokenSet) -> None:
        """Save a fresh grant (from an auth code or a refresh) at once."""
        self._store.save_tokens(self.account, tokens)

    def _due(self, tokens: TokenSet) -> bool:
        """Within the margin of expiry; for a short-lived token, within its last fifth of life."""
        margin = self.refresh_margin_s
        if tokens.issued_at is not None:
            margin = min(margin, SHORT_LIFE_FRACTION * max(0.0, tokens.access_expires_at - tokens.issued_at))
        return self._clock.now() >= tokens.access_expires_at - margin

    async def access_token(self) -> str:
        """A usable access token, refreshed first when it expires within the margin."""
        tokens = self.current()
        if tokens is None:
            raise AuthFailed(f"not authorized yet: {self.reauthorize}", endpoint=self.account)
        if self._due(tokens):
            tokens = await self.refresh(stale_access=tokens.access_token, only_if_due=True)
        return tokens.access_token

    async def refresh(self, stale_access: str | None = None, only_if_due: bool = False) -> TokenSet:
        """Refresh once. When another caller already replaced `stale_access`, its result is used instead."""
        async with self._lock:
            tokens = self.current()
            if tokens is None:
                raise AuthFailed(f"not authorized yet: {self.reauthorize}", endpoint=self.account)
            if stale_access is not None and tokens.access_token != stale_access:
                return tokens  # someone refreshed while we waited
            if only_if_due and not self._due(tokens):
                return tokens
            fresh = await self._refresher(tokens.refresh_token)
            if tokens.scope:  # a refresh answer may leave out the shop / advertisers: keep what we knew
                fresh = dataclasses.replace(fresh, scope={**tokens.scope, **fresh.scope})
            self.adopt(fresh)
            self.refreshes += 1
            log.info("%s: access token refreshed (valid for %.0f s)", self.account,
                     fresh.access_expires_at - self._clock.now())
            return fresh
