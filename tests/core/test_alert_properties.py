"""Property tests (hypothesis): a flat rate never fires a change rule; hysteresis never fires twice without
recovering and respects the cooldown; replaying a session equals evaluating it live."""

from __future__ import annotations

import math
from dataclasses import replace

from tests.support.alert_testkit import ENTRIES, PAID, T0
from hypothesis import given, settings
from hypothesis import strategies as st

from dyconsole.core.alerts import (
    EXAMPLE_NORMS,
    AlertEngine,
    ChangeDirection,
    ChangeRule,
    Direction,
    MetricFrame,
    ProductFrame,
    ThresholdRule,
    default_rules,
    replay,
    rule_from_dict,
    rule_to_dict,
)

steps = st.lists(st.tuples(st.integers(1, 30), st.integers(0, 400)), min_size=150, max_size=400)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(p=st.floats(0.005, 0.5), steps=steps, direction=st.sampled_from(list(ChangeDirection)))
def test_a_flat_rate_never_fires_a_change_rule(p: float, steps: list[tuple[int, int]],
                                               direction: ChangeDirection) -> None:
    rule = ChangeRule(id="c", name="c", numerator=(PAID,), denominator=(ENTRIES,), direction=direction,
                      recent_s=120, baseline_s=600)
    t, entries, frames = 0.0, 0, []
    for dt, n in steps:
        t += dt
        entries += n
        frames.append(MetricFrame(T0 + t, t, {PAID: float(math.floor(p * entries)), ENTRIES: float(entries)}))
    assert replay([rule], frames) == []


values = st.one_of(st.none(), st.floats(0, 200, allow_nan=False))


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(
    series=st.lists(st.tuples(st.integers(1, 20), values), min_size=1, max_size=120),
    threshold=st.floats(20, 180),
    gap=st.floats(0, 40),
    pending=st.sampled_from([0.0, 5.0, 30.0]),
    cooldown=st.sampled_from([0.0, 10.0, 60.0]),
    direction=st.sampled_from(list(Direction)),
)
def test_hysteresis_never_fires_twice_without_recovering(
    series: list[tuple[int, float | None]], threshold: float, gap: float, pending: float, cooldown: float,
    direction: Direction,
) -> None:
    below = direction is Direction.BELOW
    recovery = threshold + gap if below else threshold - gap
    rule = ThresholdRule(id="h", name="h", metric="online", direction=direction, threshold=threshold,
                         recovery=recovery, pending_s=pending, cooldown_s=cooldown)
    t, frames = 0.0, []
    for dt, v in series:
        t += dt
        frames.append(MetricFrame(T0 + t, t, {"online": v}))
    events = replay([rule], frames)
    assert [e.kind for e in events] == ["fired", "resolved"] * (len(events) // 2) + ["fired"] * (len(events) % 2)
    for e in events:
        assert e.value is not None
        if e.kind == "fired":
            assert (e.value < threshold) if below else (e.value > threshold)
        else:
            assert (e.value >= recovery) if below else (e.value <= recovery)
    for resolved, refired in zip(events[1::2], events[2::2]):
        assert refired.ts - resolved.ts >= cooldown + pending


frame_parts = st.tuples(
    st.integers(1, 15),  # seconds since the previous frame
    st.sampled_from([None, 5.0, 30.0, 60.0, 95.0, 120.0]),  # online (few levels: runs above / below happen)
    st.integers(0, 40),  # entries this step
    st.integers(0, 3),  # paid orders this step
    st.sampled_from(["ok", "ok", "ok", "degraded", "down"]),
    st.one_of(st.none(), st.floats(0, 120, allow_nan=False)),  # data age
    st.integers(0, 30),  # product impressions this step
    st.integers(0, 4),  # product clicks this step
)


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(parts=st.lists(frame_parts, min_size=20, max_size=250), online_level=st.floats(10, 100))
def test_replay_equals_live_evaluation(parts: list[tuple], online_level: float) -> None:
    # the shipped rules, made quick to trigger so short random sessions exercise every kind
    quick = {"threshold": dict(pending_s=5.0, cooldown_s=10.0),
             "product_norm": dict(pending_s=0.0, window_s=30.0, min_impressions=20.0, cooldown_s=10.0),
             "change": dict(recent_s=30.0, baseline_s=60.0, min_events=2.0, min_evidence=2.0, cooldown_s=10.0),
             "no_data": dict(max_age_s=60.0)}
    rules = [replace(r, **quick[r.kind]) for r in default_rules(online_level=online_level)]
    rules.append(ThresholdRule(id="t", name="t", metric="online", direction=Direction.ABOVE, threshold=90))
    t = entries = paid = imps = clicks = 0.0
    frames = []
    for dt, online, n, k, state, age, di, dc in parts:
        t += dt
        entries, paid, imps, clicks = entries + n, paid + min(k, n), imps + di, clicks + min(dc, di)
        frames.append(MetricFrame(
            T0 + t, t, {"online": online, PAID: paid, ENTRIES: entries},
            products=(ProductFrame("p1", "商品", clicks, imps),), source_state=state, data_age_s=age,
        ))
    expected = replay(rules, frames, norms=EXAMPLE_NORMS)

    live = AlertEngine([rule_from_dict(rule_to_dict(r)) for r in rules], norms=EXAMPLE_NORMS)
    seen = []
    for i, f in enumerate(frames):
        seen.extend(live.evaluate(f))
        if i % 7 == 0:
            assert live.set_rules(list(live.rules)) == []  # re-setting the same rules changes nothing
        up = {}
        for e in seen:
            if e.kind == "fired":
                up[e.key] = e
            else:
                up.pop(e.key, None)
        assert live.active == list(up.values())
    assert seen == expected
