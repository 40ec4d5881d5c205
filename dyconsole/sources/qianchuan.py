"""The Qianchuan (巨量千川 / Ocean Engine) open-API client: OAuth2 and the `today_live/*` endpoints (shared/API.md).

One long-lived httpx.AsyncClient per client. Every live call: a fresh-enough access token (refreshed ahead of
expiry), the per-endpoint rate limit, a timeout, retries for retryable answers, one refresh-and-retry when the
token is refused, and paging followed to the end. Answers come back as the envelope's `data` (dicts); `parse`
turns them into core types.
"""

from __future__ import annotations

import json
import random
from typing import Any, Mapping

import httpx

from dyconsole.core import wire
from dyconsole.core.clock import Clock
from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS, ROOM_METRIC_NAMES
from dyconsole.sources.credentials import TokenSet, TokenStore
from dyconsole.sources.errors import REAUTHORIZE, AuthFailed, BadPayload, BadRequest, SourceError, TokenInvalid, qc_error
from dyconsole.sources.parse import to_int
from dyconsole.sources.tokens import TokenKeeper, grant_from_answer
from dyconsole.sources.transport import ApiTransport, ClientSettings, envelope_data

DEFAULT_BASE_URL = "https://api.oceanengine.com"
ROOM_GET = "today_live/room/get/"
ROOM_DETAIL = "today_live/room/detail/get/"
ROOM_FLOW = "today_live/room/flow_performance/get/"
ROOM_USER = "today_live/room/user/get/"
PRODUCT_LIST = "today_live/room/product_list/get/"
ROOM_INFO_FIELDS = ("room_id", "room_title", "room_status", "start_time", "end_time", "aweme_id", "aweme_name")
PRODUCT_INFO_FIELDS = ("productId", "title", "img_url", "explain_status")
#: refresh tokens live 30 days when the answer does not say
DEFAULT_REFRESH_TTL_S = 30 * 86400.0


def normalize_base_url(base_url: str) -> str:
    """Accept the documented `https://api.oceanengine.com/open_api/` as well as the bare host."""
    url = base_url.rstrip("/")
    return url[: -len("/open_api")] if url.endswith("/open_api") else url


def qc_envelope(endpoint: str, response: httpx.Response) -> dict[str, Any]:
    """The `data` of a Qianchuan answer; a non-zero code becomes its domain error."""
    return envelope_data(endpoint, response, wire.QC_OK, lambda code, body: qc_error(
        endpoint, code, str(body.get("message") or "")[:200], response.status_code))


class QianchuanClient:
    """Qianchuan API client of one app and advertiser. `transport` serves in-process apps (the emulator)."""

    def __init__(
        self,
        *,
        app_id: str,
        secret: str,
        advertiser_id: str,
        clock: Clock,
        store: TokenStore,
        aweme_id: str = "",
        base_url: str = DEFAULT_BASE_URL,
        settings: ClientSettings | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        rng: random.Random | None = None,
        room_fields: tuple[str, ...] = ROOM_INFO_FIELDS + ROOM_METRIC_NAMES,
    ) -> None:
        self.app_id = str(app_id)
        self._secret = secret
        self.advertiser_id = str(advertiser_id)
        self.aweme_id = str(aweme_id or "")
        self.clock = clock
        self.room_fields = room_fields
        self.http = ApiTransport(normalize_base_url(base_url), clock, settings, transport, rng)
        self.settings = self.http.settings
        self.tokens = TokenKeeper(store, f"qianchuan:{self.app_id}", clock, self._refresh,
                                  self.settings.refresh_margin_s)

    def __repr__(self) -> str:
        return f"QianchuanClient(app_id={self.app_id!r}, advertiser_id={self.advertiser_id!r})"

    async def aclose(self) -> None:
        await self.http.aclose()

    # --- OAuth2 -------------------------------------------------------------------------------------------
    async def _oauth(self, endpoint: str, path: str, body: dict[str, str]) -> TokenSet:
        lost: list[str] = []  # answers of this exchange that were garbled or never came

        async def once() -> dict[str, Any]:
            try:
                response = await self.http.send(endpoint, "POST", path, json=body)
                return qc_envelope(endpoint, response)
            except (BadRequest, TokenInvalid):
                raise
            except SourceError as err:
                lost.append(str(err))
                raise

        try:
            data = await self.http.retrying(once)
        except (BadRequest, TokenInvalid) as err:
            if lost:  # the platform took the one-time code (or refresh token) with the answer that was lost
                what = "authorization code" if "auth_code" in body else "refresh token"
                raise AuthFailed(f"{REAUTHORIZE}: the platform's answer to the first try was lost or garbled "
                                 f"({lost[0]}) and the one-time {what} was used up by it; authorize again for a new "
                                 "one (the app id and secret are not in question)", endpoint=endpoint,
                                 code=err.code) from None
            # a used/expired auth code (40002) or a dead refresh token: only a new authorization helps
            raise AuthFailed(f"{REAUTHORIZE}: {err.message}", endpoint=endpoint, code=err.code) from None
        ids = data.get("advertiser_ids")
        scope = {"advertiser_ids": ",".join(str(i) for i in ids)} if isinstance(ids, list) else {}
        return grant_from_answer(data, self.clock.now(), endpoint, scope=scope,
                                 refresh_ttl_key="refresh_token_expires_in",
                                 default_refresh_ttl_s=DEFAULT_REFRESH_TTL_S)

    async def authorize(self, auth_code: str) -> TokenSet:
        """Exchange an auth code (from the browser authorization) for a grant, saved at once."""
        tokens = await self._oauth("oauth2/access_token", wire.QC_ACCESS_TOKEN_PATH,
                                   {"app_id": self.app_id, "secret": self._secret, "grant_type": "auth_code",
                                    "auth_code": auth_code})
        self.tokens.adopt(tokens)
        return tokens

    async def _refresh(self, refresh_token: str) -> TokenSet:
        return await self._oauth("oauth2/refresh_token", wire.QC_REFRESH_TOKEN_PATH,
                                 {"app_id": self.app_id, "secret": self._secret, "grant_type": "refresh_token",
                                  "refresh_token": refresh_token})

    # --- live endpoints -----------------------------------------------------------------------------------
    async def get(self, endpoint: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """GET one live endpoint (path under /open_api/v1.0/qianchuan/); lists/dicts are sent as JSON strings."""
        query = {k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) if isinstance(v, (list, dict, tuple))
                 else str(v) for k, v in params.items() if v is not None}
        query.setdefault("advertiser_id", self.advertiser_id)
        path = wire.QC_LIVE_PREFIX + endpoint

        async def once(token: str) -> dict[str, Any]:
            response = await self.http.send(endpoint, "GET", path, params=query, headers={"Access-Token": token})
            return qc_envelope(endpoint, response)

        async def attempt() -> dict[str, Any]:
            token = await self.tokens.access_token()
            try:
                return await once(token)
            except TokenInvalid:
                fresh = await self.tokens.refresh(stale_access=token)
                try:
                    return await once(fresh.access_token)
                except TokenInvalid as err:
                    raise AuthFailed(f"access token refused after a refresh: {REAUTHORIZE}",
                                     endpoint=endpoint, code=err.code) from None

        return await self.http.retrying(attempt)

    async def get_pages(self, endpoint: str, params: Mapping[str, Any], list_key: str) -> list[dict[str, Any]]:
        """Every record of a paged endpoint (page from 1), following `page_info` to the last page."""
        size = max(1, min(self.settings.page_size, wire.QC_MAX_PAGE_SIZE))
        records: list[dict[str, Any]] = []
        page = 1
        while True:
            data = await self.get(endpoint, {**params, "page": page, "page_size": size})
            items = data.get(list_key)
            if items is None:
                items = []
            if not isinstance(items, list):
                raise BadPayload(f"{list_key} is not a list", endpoint=endpoint)
            records.extend(i for i in items if isinstance(i, dict))
            info = data.get("page_info") if isinstance(data.get("page_info"), dict) else {}
            total_page = to_int(info.get("total_page"))
            total_num = to_int(info.get("total_num"))
            if total_page is not None:
                done = page >= total_page
            elif total_num is not None:
                done = page * size >= total_num
            else:
                done = len(items) < size
            if done or not items:
                return records
            page += 1

    async def room_list(self, date_time: str, room_status: str = "ALL") -> list[dict[str, Any]]:
        params: dict[str, Any] = {"date_time": date_time, "fields": list(self.room_fields),
                                  "filtering": {"room_status": room_status}}
        if self.aweme_id:
            params["aweme_id"] = self.aweme_id
        return await self.get_pages(ROOM_GET, params, "room_list")

    async def room_detail(self, room_id: str) -> dict[str, Any]:
        return await self.get(ROOM_DETAIL, {"room_id": room_id})

    async def flow_performance(self, room_id: str, flow_source: str) -> dict[str, Any]:
        return await self.get(ROOM_FLOW, {"room_id": room_id, "flow_source": flow_source})

    async def room_user(self, room_id: str, action_event: str, dimension: str) -> dict[str, Any]:
        return await self.get(ROOM_USER, {"room_id": room_id, "action_event": action_event, "dimension": dimension})

    async def product_list(self, room_id: str, explain_status: str = "ALL") -> list[dict[str, Any]]:
        fields = list(PRODUCT_INFO_FIELDS + PRODUCT_NUMERIC_FIELDS)
        return await self.get_pages(PRODUCT_LIST, {"room_id": room_id, "fields": fields,
                                                   "filtering": {"explain_status": explain_status}}, "list")
