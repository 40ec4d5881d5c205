"""Wire-format facts shared by the API clients and the emulator (see shared/API.md): codes and formats.

Both sides import these so the emulator answers exactly what the client expects, and neither invents codes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Mapping

# --- Qianchuan / Ocean Engine -------------------------------------------------------------------------------
QC_OK = 0
QC_RATE_LIMIT = 40100  # overall rate limit (retry)
QC_DEV_RATE_LIMIT = 40110  # developer rate limit (retry)
QC_TOKEN_INVALID = 40105  # access token invalid (refresh, then retry once)
QC_TOKEN_EXPIRED = 40102  # unconfirmed but common
QC_REFRESH_EXPIRED = 40103  # unconfirmed but common
QC_TOKEN_EMPTY = 40104  # unconfirmed but common
QC_PARAM_ERROR = 40002  # bad parameter (auth code invalid/used, unknown room...)
QC_TIMEOUT = 50000  # timeout (retry)
QC_RETRYABLE = frozenset({QC_RATE_LIMIT, QC_DEV_RATE_LIMIT, QC_TIMEOUT})
QC_REFRESHABLE = frozenset({QC_TOKEN_INVALID, QC_TOKEN_EXPIRED, QC_TOKEN_EMPTY})
QC_RATE_LIMITS = frozenset({QC_RATE_LIMIT, QC_DEV_RATE_LIMIT})
QC_LIVE_PREFIX = "/open_api/v1.0/qianchuan/"
QC_ACCESS_TOKEN_PATH = "/open_api/oauth2/access_token/"
QC_REFRESH_TOKEN_PATH = "/open_api/oauth2/refresh_token/"
QC_MAX_PAGE_SIZE = 100
QC_DEFAULT_PAGE_SIZE = 20

#: the two kinds of `today_live/room/flow_performance/get/` traffic breakdown: viewers and GMV by source
FLOW_BY_VIEWERS = "AllEcomFlowSource"
FLOW_BY_GMV = "AllEcomGmvSource"
FLOW_KINDS: tuple[str, ...] = (FLOW_BY_VIEWERS, FLOW_BY_GMV)

# --- Doudian ------------------------------------------------------------------------------------------------
DD_OK = 10000
DD_UNAVAILABLE = 20000
DD_TIMEOUT = 20001
DD_PERMISSION = 30001
DD_IP_NOT_WHITELISTED = 30002
DD_BAD_REQUEST = 40003  # with sub_code below
DD_TOKEN_CREATE_FAILED = 50001
DD_RATE_LIMIT = 60000
DD_API_OFFLINE = 70000
DD_RETRYABLE = frozenset({DD_UNAVAILABLE, DD_TIMEOUT, DD_RATE_LIMIT})
DD_SUB_TOKEN_EXPIRED = "isv.access-token-expired"
DD_SUB_TOKEN_MISSING = "isv.access-token-no-existed"
DD_SUB_SIGNATURE = "isv.signature-invalid"
DD_SUB_TIMESTAMP = "isv.timestamp-invalid"
DD_SUB_REFRESHABLE = frozenset({DD_SUB_TOKEN_EXPIRED, DD_SUB_TOKEN_MISSING})
DD_TIMESTAMP_TOLERANCE_S = 600  # how far a request timestamp may drift from the server's clock
DD_MAX_PAGE_SIZE = 100
DD_ORDER_SEARCH = "/order/searchList"
DD_TOKEN_CREATE = "/token/create"
DD_TOKEN_REFRESH = "/token/refresh"
DD_LIVE_THEME_TYPE = "1"

#: retryable HTTP statuses for both APIs
RETRYABLE_HTTP = frozenset({408, 429, 500, 502, 503, 504})


def doudian_method(path: str) -> str:
    """`/order/searchList` -> `order.searchList`."""
    return path.strip("/").replace("/", ".")


def doudian_param_json(params: Mapping[str, Any]) -> str:
    """The `param_json` body: keys sorted (recursively), no spaces, UTF-8 kept as is."""
    return json.dumps(params, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def doudian_sign(app_key: str, secret: str, method: str, param_json: str, timestamp: str | int) -> str:
    """sign = hex HMAC-SHA256(key=secret, secret + app_key.. + method.. + param_json.. + timestamp.. + v2 + secret)."""
    message = (
        f"{secret}app_key{app_key}method{method}param_json{param_json}timestamp{timestamp}v2{secret}"
    )
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()
