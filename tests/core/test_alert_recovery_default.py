"""Both norm rules (room metric and per product) share one default recovery: margin + 0.1, else their own."""

from __future__ import annotations

import math

import pytest

from dyconsole.core.alerts import NormRule, ProductNormRule


@pytest.mark.parametrize("make", [
    lambda **kw: NormRule(id="n", name="n", metric="gpm", **kw),
    lambda **kw: ProductNormRule(id="p", name="p", **kw),
])
def test_norm_rules_resolve_a_tenth_above_their_margin_unless_told(make) -> None:  # type: ignore[no-untyped-def]
    assert math.isclose(make(margin=0.7).recovery_level, 0.8)
    assert math.isclose(make().recovery_level, 0.9)  # the default margin 0.8
    assert make(margin=0.7, recovery_margin=0.75).recovery_level == 0.75
