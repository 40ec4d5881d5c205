"""The Doudian (抖店) open-API client: signed POST calls (shared/API.md), tokens, and `order/searchList`.

One long-lived httpx.AsyncClient. Each call: the query app_key/method/timestamp/v/sign/sign_method/access_token,
the body `param_json` (keys sorted, no spaces), signed with core.wire.doudian_sign; the timestamp is REAL wall
time (the platform checks it against its own clock, whatever the broadcast clock's speed). Rate limit, timeout,
retries and refresh-and-retry-once as in the Qianchuan client.
"""

from __future__ import annotations

import hashlib
import random
import time
from typing import Any, Callable, Mapping

import httpx

from dyconsole.core import wire
from dyconsole.core.clock import Clock
from dyconsole.core.model import OrderRecord
from dyconsole.sources.credentials import TokenSet, TokenStore
from dyconsole.sources.errors import REAUTHORIZE_DOUDIAN, AuthFailed, BadPayload, BadRequest, TokenInvalid, dd_error
from dyconsole.sources.orders import sku_orders
from dyconsole.sources.parse import to_int
from dyconsole.sources.tokens import TokenKeeper, grant_from_answer
from dyconsole.sources.transport import ApiTransport, ClientSettings, envelope_data

DEFAULT_BASE_URL = "https://openapi-fxg.jinritemai.com"
DEFAULT_REFRESH_TTL_S = 14 * 86400.0


def dd_envelope(endpoint: str, response: httpx.Response) -> dict[str, Any]:
    """The `data` of a Doudian answer; a code other than 10000 becomes its domain error."""
    return envelope_data(endpoint, response, wire.DD_OK, lambda code, body: dd_error(
        endpoint, code, str(body.get("msg") or "")[:200], str(body.get("sub_code") or ""), response.status_code))


class DoudianClient:
    """Doudian API client of one app and shop. `wall` gives the real unix time used in signatures."""

    def __init__(
        self,
        *,
        app_key: str,
        app_secret: str,
        clock: Clock,
        store: TokenStore,
        shop_id: str = "",
        base_url: str = DEFAULT_BASE_URL,
        settings: ClientSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
        wall: Callable[[], float] = time.time,
        buyer_salt: bytes | None = None,
    ) -> None:
        self.app_key = str(app_key)
        self._secret = app_secret
        self.shop_id = str(shop_id or "")
        self.clock = clock
        self._wall = wall
        # by default the buyer mask is keyed by a digest of the app secret: stable for the shop, not guessable
        self._salt = buyer_salt or hashlib.sha256(b"dyconsole-buyer:" + app_secret.encode()).digest()
        self.http = ApiTransport(base_url, clock, settings, transport, rng)
        self.settings = self.http.settings
        self.tokens = TokenKeeper(store, f"doudian:{self.app_key}", clock, self._refresh,
                                  self.settings.refresh_margin_s, reauthorize=REAUTHORIZE_DOUDIAN)
        self.skipped_orders = 0

    def __repr__(self) -> str:
        return f"DoudianClient(app_key={self.app_key!r}, shop_id={self.shop_id!r})"

    async def aclose(self) -> None:
        await self.http.aclose()

    def signed_query(self, path: str, param_json: str, access_token: str | None) -> dict[str, str]:
        method = wire.doudian_method(path)
        timestamp = str(int(self._wall()))
        query = {"app_key": self.app_key, "method": method, "timestamp": timestamp, "v": "2",
                 "sign": wire.doudian_sign(self.app_key, self._secret, method, param_json, timestamp),
                 "sign_method": "hmac-sha256"}
        if access_token is not None:
            query["access_token"] = access_token
        return query

    async def _post(self, path: str, params: Mapping[str, Any], access_token: str | None) -> dict[str, Any]:
        endpoint = wire.doudian_method(path)
        param_json = wire.doudian_param_json(params)
        response = await self.http.send(
            endpoint, "POST", path, params=self.signed_query(path, param_json, access_token),
            content=param_json.encode("utf-8"), headers={"Content-Type": "application/json;charset=utf-8"})
        return dd_envelope(endpoint, response)

    # --- tokens -------------------------------------------------------------------------------------------
    async def _grant(self, path: str, params: dict[str, str]) -> TokenSet:
        try:
            data = await self.http.retrying(lambda: self._post(path, params, None))
        except (BadRequest, TokenInvalid) as err:
            raise AuthFailed(f"{REAUTHORIZE_DOUDIAN}: {err.message}", endpoint=err.endpoint, code=err.code,
                             sub_code=err.sub_code) from None
        scope = {k: str(data[k]) for k in ("shop_id", "shop_name", "scope") if data.get(k) is not None}
        tokens = grant_from_answer(data, self.clock.now(), wire.doudian_method(path), scope=scope,
                                   refresh_ttl_key="refresh_expires_in", default_refresh_ttl_s=DEFAULT_REFRESH_TTL_S)
        if scope.get("shop_id") and not self.shop_id:
            self.shop_id = scope["shop_id"]
        return tokens

    async def authorize(self, code: str) -> TokenSet:
        """`/token/create` with an authorization code; the grant is saved at once."""
        params = {"code": code, "grant_type": "authorization_code"}
        if self.shop_id:
            params["shop_id"] = self.shop_id
        tokens = await self._grant(wire.DD_TOKEN_CREATE, params)
        self.tokens.adopt(tokens)
        return tokens

    async def _refresh(self, refresh_token: str) -> TokenSet:
        return await self._grant(wire.DD_TOKEN_REFRESH, {"refresh_token": refresh_token,
                                                         "grant_type": "refresh_token"})

    # --- API calls ----------------------------------------------------------------------------------------
    async def call(self, path: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """One authorized call with retries, and one refresh-and-retry when the token is refused."""
        async def attempt() -> dict[str, Any]:
            token = await self.tokens.access_token()
            try:
                return await self._post(path, params, token)
            except TokenInvalid:
                fresh = await self.tokens.refresh(stale_access=token)
                try:
                    return await self._post(path, params, fresh.access_token)
                except TokenInvalid as err:
                    raise AuthFailed(f"access token refused after a refresh: {REAUTHORIZE_DOUDIAN}",
                                     endpoint=err.endpoint, code=err.code, sub_code=err.sub_code) from None

        return await self.http.retrying(attempt)

    async def _page(self, params: Mapping[str, Any]) -> tuple[list[OrderRecord], int | None, int]:
        """One page of `order/searchList`: its SKU orders (buyers masked), the total the platform reports, and how
        many shop orders the page held."""
        data = await self.call(wire.DD_ORDER_SEARCH, params)
        shops = data.get("shop_order_list")
        if shops is None:
            shops = []
        if not isinstance(shops, list):
            raise BadPayload("shop_order_list is not a list", endpoint=wire.doudian_method(wire.DD_ORDER_SEARCH))
        found, skipped = sku_orders(shops, self._salt)
        self.skipped_orders += skipped
        return found, to_int(data.get("total")), len(shops)

    def page_size(self) -> int:
        return max(1, min(self.settings.page_size, wire.DD_MAX_PAGE_SIZE))

    async def search_orders(self, update_start: float, update_end: float) -> list[OrderRecord]:
        """Every order updated in [update_start, update_end] (unix seconds), all pages (from 0), oldest first."""
        size = self.page_size()
        base = {"update_time_start": int(update_start), "update_time_end": int(update_end),
                "order_by": "update_time", "order_asc": True, "size": size}
        records: list[OrderRecord] = []
        page = 0
        while True:
            found, total, shops = await self._page({**base, "page": page})
            records.extend(found)
            done = (page + 1) * size >= total if total is not None else shops < size
            if done or not shops:
                return records
            page += 1

    async def created_orders_page(self, create_start: float, create_end: float, page: int,
                                  ) -> tuple[list[OrderRecord], bool]:
        """Page `page` (from 0) of the orders created in [create_start, create_end), oldest first, and whether it
        was the last page (settling the 7-day ROI walks these windows; creation times never move, so a page
        fetched again after an interruption holds the same orders)."""
        size = self.page_size()
        found, total, shops = await self._page({
            "create_time_start": int(create_start), "create_time_end": int(create_end) - 1,
            "order_by": "create_time", "order_asc": True, "size": size, "page": page})
        last = (page + 1) * size >= total if total is not None else shops < size
        return found, last or not shops
