"""OAuth2 authorization in the operator's browser, as one awaitable step the settings dialog can run.

Owns the sequence: start the loopback redirect catcher (sources.oauth_redirect), build the Qianchuan authorize
URL with its redirect_uri and a fresh state, have the UI open it (the caller passes `open_url`, since opening a
browser is a QtGui matter), and await the auth code. The code is returned, never logged.
"""

from __future__ import annotations

from typing import Callable

from dyconsole.sources.oauth_redirect import (
    QIANCHUAN_AUTHORIZE_URL,
    OAuthRedirectError,
    RedirectCatcher,
    RedirectTimeout,
    StateMismatch,
    qianchuan_authorize_url,
)

__all__ = ["AUTHORIZE_TIMEOUT_S", "AuthorizationFailed", "AuthorizationTimedOut", "AuthorizationStateMismatch",
           "authorize_in_browser"]

#: how long the operator has to log in and approve in the browser
AUTHORIZE_TIMEOUT_S = 300.0

AuthorizationFailed = OAuthRedirectError
AuthorizationTimedOut = RedirectTimeout
AuthorizationStateMismatch = StateMismatch


async def authorize_in_browser(app_id: str, open_url: Callable[[str], object],
                               timeout: float = AUTHORIZE_TIMEOUT_S,
                               authorize_base: str = QIANCHUAN_AUTHORIZE_URL) -> str:
    """Open the Qianchuan authorization page and return the auth code the browser brings back to 127.0.0.1.

    Raises AuthorizationFailed (refused, wrong state: a subclass says which) or AuthorizationTimedOut.
    """
    async with RedirectCatcher() as catcher:
        open_url(qianchuan_authorize_url(app_id, catcher.redirect_uri, catcher.state, authorize_base))
        return await catcher.wait_for_code(timeout)
