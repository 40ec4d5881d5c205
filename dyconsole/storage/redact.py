"""Keeps secrets out of what the session cache stores: error texts and event payloads pass through here.

Sources already avoid putting tokens in error messages; this is the storage layer's own guard, because a
database outlives the run that wrote it. Values of secret-looking keys (access/refresh tokens, secrets, signs,
auth codes) are replaced by a marker in free text (`key=value`, `"key": "value"`, `Key: value`) and in JSON-like
payloads (by key, recursively). A key that is part of a path (`oauth2/refresh_token: ...`, an endpoint naming its
error) is no key: the error stays readable.
"""

from __future__ import annotations

import re
from typing import Any

REDACTED = "[redacted]"

#: key names (lowercase, '-' and '_' equivalent) whose values are secrets
SECRET_KEYS: frozenset[str] = frozenset({
    "access_token", "refresh_token", "secret", "app_secret", "client_secret", "sign", "signature",
    "auth_code", "authorization_code", "token", "password", "authorization",
})

_KEY_ALT = "|".join(sorted((re.escape(k).replace("_", "[-_]") for k in SECRET_KEYS), key=len, reverse=True))
# key=value (query strings), "key": "value" (JSON), Key: value (headers); value runs to a delimiter
_FREE_TEXT = re.compile(
    rf"""(?ix)
    (?<![/.])  # not a path segment: 'oauth2/refresh_token: refresh_token expired' names an endpoint
    (?P<key>["']?\b(?:{_KEY_ALT})\b["']?)
    (?P<sep>\s*[=:]\s*["']?)
    (?P<value>(?:bearer\s+)?[^\s"'&,;}}\]]+)
    """
)


def _normal(key: str) -> str:
    return key.strip().lower().replace("-", "_")


def redact_text(text: str) -> str:
    """The text with the value of every secret-looking `key=value` / `"key": "value"` / `Key: value` hidden."""
    if not text:
        return text
    return _FREE_TEXT.sub(lambda m: f"{m.group('key')}{m.group('sep')}{REDACTED}", text)


def redact_payload(value: Any) -> Any:
    """A copy of a JSON-like value with secret keys' values hidden and every string passed through redact_text."""
    if isinstance(value, dict):
        return {k: (REDACTED if _normal(str(k)) in SECRET_KEYS else redact_payload(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_payload(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
    return value
