"""FaultSpec parsing and the FaultInjector's seeded, reproducible body mutations (no app needed)."""

from __future__ import annotations

import copy
import json

import pytest

from dyconsole.emulator.faults import FaultInjector, FaultPlan, FaultSpec

FULL = ("latency=0.2,http5xx=0.1,timeout=0.05,ratelimit=0.1,expire_tokens=60,malformed=0.05,truncated=0.05,"
        "missing=0.1,nulls=0.1,strings=0.2")


def test_the_documented_spec_parses_to_its_values() -> None:
    spec = FaultSpec.parse(FULL)
    assert spec.latency == 0.2 and spec.http5xx == 0.1 and spec.timeout == 0.05 and spec.ratelimit == 0.1
    assert spec.expire_tokens == 60 and spec.malformed == 0.05 and spec.truncated == 0.05
    assert spec.missing == 0.1 and spec.nulls == 0.1 and spec.strings == 0.2
    assert FaultSpec.parse(spec.to_spec()) == spec


def test_an_empty_spec_is_no_faults() -> None:
    assert FaultSpec.parse("") == FaultSpec() and not FaultSpec.parse(" , ").active
    assert FaultSpec.parse("timeout_s=0.5").timeout_s == 0.5


@pytest.mark.parametrize(("spec", "named"), [
    ("lag=0.1", "lag"), ("http5xx=lots", "lots"), ("http5xx=1.5", "http5xx"), ("latency=-1", "latency"),
    ("expire_tokens=0", "expire_tokens"), ("missing", "missing"), ("nulls=nan", "nulls"),
])
def test_a_bad_spec_names_the_bad_key_or_value(spec: str, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        FaultSpec.parse(spec)


def _record() -> dict:
    return {"room_list": [{"room_id": "7", "a": 1, "b": 2.5, "c": 3, "d": 4, "e": 5, "f": 6}],
            "page_info": {"page": 1, "page_size": 20, "total_num": 1, "total_page": 1}}


def test_mutations_touch_numeric_fields_only_and_never_paging() -> None:
    injector = FaultInjector(FaultSpec(), seed=3)
    for kind in ("missing", "nulls", "strings"):
        data = injector.mutate(_record(), FaultPlan(**{kind: True}))
        row, original = data["room_list"][0], _record()["room_list"][0]
        assert data["page_info"] == _record()["page_info"]
        assert row["room_id"] == "7"
        changed = [k for k in original if k not in row or row[k] != original[k]]
        assert changed, kind
        for key in changed:
            if kind == "missing":
                assert key not in row
            elif kind == "nulls":
                assert row[key] is None
            else:
                assert row[key] == str(original[key])


def test_an_empty_plan_leaves_the_body_alone() -> None:
    data = _record()
    assert FaultInjector(FaultSpec(), seed=1).mutate(copy.deepcopy(data), FaultPlan()) == data


def test_faults_are_reproducible_from_the_seed() -> None:
    spec = FaultSpec.parse(FULL)
    a, b, c = FaultInjector(spec, seed=5), FaultInjector(spec, seed=5), FaultInjector(spec, seed=6)
    plans_a = [a.plan() for _ in range(200)]
    assert plans_a == [b.plan() for _ in range(200)]
    assert plans_a != [c.plan() for _ in range(200)]


def test_probabilities_drive_how_often_a_fault_fires() -> None:
    injector = FaultInjector(FaultSpec(http5xx=0.25), seed=2)
    hits = sum(injector.plan().http_status is not None for _ in range(4000))
    assert 800 < hits < 1200  # 1000 expected; binomial sd ~27
    always = FaultInjector(FaultSpec(ratelimit=1.0, timeout=1.0, timeout_s=4.0), seed=2).plan()
    assert always.rate_limited and always.timeout_s == 4.0 and always.http_status is None


def test_a_truncated_body_no_longer_parses() -> None:
    injector = FaultInjector(FaultSpec(), seed=9)
    body = json.dumps(_record()).encode()
    for _ in range(50):
        cut = injector.truncate(body)
        assert body.startswith(cut) and len(cut) < len(body)
        with pytest.raises(ValueError):
            json.loads(cut)
