"""Redaction hides secrets and nothing else: an error naming its endpoint ('oauth2/refresh_token: refresh_token
expired') stays readable, while every secret-looking value is still hidden."""

from __future__ import annotations

from dyconsole.storage.redact import REDACTED, redact_text


def test_an_endpoint_named_in_an_error_stays_readable() -> None:
    text = "oauth2/refresh_token: refresh_token expired (authorize the console again)"
    assert redact_text(text) == text
    assert redact_text("oauth2/access_token: auth_code is invalid, used or expired") == \
        "oauth2/access_token: auth_code is invalid, used or expired"


def test_secret_values_are_still_hidden() -> None:
    assert redact_text("GET /x?access_token=ACCESS-1-tok&y=2") == f"GET /x?access_token={REDACTED}&y=2"
    assert redact_text('{"refresh_token": "REFRESH-9-tok"}') == f'{{"refresh_token": "{REDACTED}"}}'
    assert redact_text("Authorization: Bearer abc.def") == f"Authorization: {REDACTED}"
    assert redact_text("secret=s3cr3t") == f"secret={REDACTED}"
