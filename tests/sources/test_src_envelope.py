"""The answer reading both API clients share: the `{code, data}` envelope (sources.transport.envelope_data) and
the grant in a token answer (sources.tokens.grant_from_answer), each client's flavour through its own wrapper."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from dyconsole.core import wire
from dyconsole.sources.doudian import dd_envelope
from dyconsole.sources.errors import AuthFailed, BadPayload, BadRequest, RateLimited, SourceError
from dyconsole.sources.qianchuan import qc_envelope
from dyconsole.sources.tokens import grant_from_answer
from dyconsole.sources.transport import envelope_data


def answer(body: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json=body)


def never(code: int, body: Any) -> SourceError:
    raise AssertionError(f"no error expected, got code {code}")


def test_envelope_gives_the_data_object_or_empty_when_there_is_none() -> None:
    assert envelope_data("e", answer({"code": 0, "data": {"a": 1}}), 0, never) == {"a": 1}
    assert envelope_data("e", answer({"code": "0"}), 0, never) == {}
    assert envelope_data("e", answer({"code": 0, "data": None}), 0, never) == {}


@pytest.mark.parametrize("body", [{"data": {}}, {"code": "x", "data": {}}, {"code": 0, "data": [1]},
                                  {"code": 0, "data": "text"}])
def test_envelope_without_a_code_or_with_non_object_data_is_bad_payload(body: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(BadPayload) as info:
        envelope_data("e", answer(body), 0, never)
    assert info.value.endpoint == "e"


def test_envelope_error_code_is_the_platform_error_made_from_the_body() -> None:
    seen: list[tuple[int, Any]] = []

    def make(code: int, body: Any) -> SourceError:
        seen.append((code, body))
        return BadRequest("refused", endpoint="e", code=code)

    with pytest.raises(BadRequest):
        envelope_data("e", answer({"code": "42", "message": "no"}, status=400), 0, make)
    assert seen == [(42, {"code": "42", "message": "no"})]


def test_each_client_reads_its_own_ok_code_and_message_fields() -> None:
    assert qc_envelope("q", answer({"code": wire.QC_OK, "data": {"x": 1}})) == {"x": 1}
    assert dd_envelope("d", answer({"code": wire.DD_OK, "data": {"y": 2}})) == {"y": 2}
    with pytest.raises(RateLimited) as qc:
        qc_envelope("q", answer({"code": 40100, "message": "slow down"}))
    assert (qc.value.code, qc.value.endpoint) == (40100, "q") and "slow down" in str(qc.value)
    with pytest.raises(AuthFailed) as dd:
        dd_envelope("d", answer({"code": 50001, "msg": "token gone", "sub_code": "isv.x"}))
    assert (dd.value.code, dd.value.sub_code) == (50001, "isv.x") and "token gone" in str(dd.value)
    with pytest.raises(BadRequest):  # Qianchuan's ok code is not Doudian's
        dd_envelope("d", answer({"code": wire.QC_OK, "data": {}}))


def test_grant_lives_as_long_as_the_answer_says_else_the_default() -> None:
    data = {"access_token": "A", "refresh_token": "R", "expires_in": "86400", "refresh_in": 100.0}
    told = grant_from_answer(data, 1000.0, "e", scope={"k": "v"}, refresh_ttl_key="refresh_in",
                             default_refresh_ttl_s=7.0)
    assert (told.access_token, told.refresh_token) == ("A", "R")
    assert (told.access_expires_at, told.refresh_expires_at, told.issued_at) == (87400.0, 1100.0, 1000.0)
    assert told.scope == {"k": "v"}
    untold = grant_from_answer(data, 1000.0, "e", scope={}, refresh_ttl_key="other", default_refresh_ttl_s=7.0)
    assert untold.refresh_expires_at == 1007.0


@pytest.mark.parametrize("missing", ["access_token", "refresh_token", "expires_in"])
def test_grant_without_a_token_or_its_life_is_bad_payload(missing: str) -> None:
    data = {"access_token": "A", "refresh_token": "R", "expires_in": 60}
    data[missing] = ""  # type: ignore[assignment]
    with pytest.raises(BadPayload) as info:
        grant_from_answer(data, 0.0, "oauth2/refresh_token", scope={}, refresh_ttl_key="r", default_refresh_ttl_s=1.0)
    assert info.value.endpoint == "oauth2/refresh_token"
