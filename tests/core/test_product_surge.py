"""The product click-surge hint (core.products.surge) on a synthetic room: a jump of a product's clicks per
impression fires within two polls; explanation turns, list moves, products added mid-show, missing impressions
and counter resets raise no hint; the cooldown holds. No Qt."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pytest

from dyconsole.core.derived import PRODUCT_CLICKS, PRODUCT_SHOWS
from dyconsole.core.model import ProductSample
from dyconsole.core.products.surge import SURGE_RULE, SurgeDetector, SurgeHint

POLL_S = 30.0
T0 = 1_767_000_000.0
N = 12
TURN_S = 300  # the host explains each product in turn for 5 minutes
EXPLAIN_IMPRESSIONS, EXPLAIN_CTR = 6.0, 1.5  # as the demo room: a turn brings 6x impressions, 1.5x click-through


@dataclass
class Room:
    """Products with steady appeal; impressions follow list position and the turn; clicks follow impressions."""

    seed: int = 1
    impressions: bool = True
    turns: bool = True
    ctr: np.ndarray = field(default_factory=lambda: np.linspace(0.02, 0.05, N))
    order: list[int] = field(default_factory=lambda: list(range(N)))
    clicks: np.ndarray = field(default_factory=lambda: np.zeros(N))
    shows: np.ndarray = field(default_factory=lambda: np.zeros(N))
    boost: dict[int, float] = field(default_factory=dict)  # product index -> click-through multiplier now

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)

    def explained(self, t: float) -> int | None:
        return self.order[int(t // TURN_S) % N] if self.turns else None

    def step(self, t: float) -> list[ProductSample]:
        """Advance the 30 s ending at `t` (second by second for the turn) and read the list."""
        rank = np.empty(N)
        rank[self.order] = np.arange(N)
        for s in range(int(t - POLL_S), int(t)):
            on = self.explained(s)
            lam = 10.0 / (1.0 + rank / 3.0)  # impressions a second at each place, 10 at the top
            ctr = self.ctr * np.array([self.boost.get(i, 1.0) for i in range(N)])
            if on is not None:
                lam[on] *= EXPLAIN_IMPRESSIONS
                ctr[on] *= EXPLAIN_CTR
            shown = self.rng.poisson(lam)
            self.shows += shown
            self.clicks += self.rng.binomial(shown, np.minimum(ctr, 1.0))
        on = self.explained(t)
        return [self.sample(t, i, place, on) for place, i in enumerate(self.order, start=1)]

    def sample(self, t: float, i: int, place: int, on: int | None) -> ProductSample:
        values = {PRODUCT_CLICKS: float(self.clicks[i])}
        if self.impressions:
            values[PRODUCT_SHOWS] = float(self.shows[i])
        status = "BEINGEXPLAIN" if i == on else "HASEXPLAIN"
        return ProductSample(T0 + t, pid(i), f"商品{i}", status, place, values)


def pid(i: int) -> str:
    return f"p{i}"


def run(room: Room, until_s: float, detector: SurgeDetector | None = None, start_s: float = POLL_S,
        events: dict[float, object] | None = None) -> tuple[SurgeDetector, list[SurgeHint]]:
    """Poll the room every 30 s from `start_s` to `until_s`; `events` maps a time to a callable run before it."""
    detector = detector or SurgeDetector()
    hints: list[SurgeHint] = []
    t = start_s
    while t <= until_s:
        if events and t in events:
            events[t]()  # type: ignore[operator]
        hints.extend(detector.push(T0 + t, room.step(t)))
        t += POLL_S
    return detector, hints


def quiet_product(room: Room, onset_s: float) -> int:
    """A product not explained in the two minutes around `onset_s` (so a jump is not a turn)."""
    busy = {room.explained(s) for s in range(int(onset_s) - 60, int(onset_s) + 120)}
    return next(i for i in range(N) if i not in busy)


@pytest.mark.parametrize("impressions", [True, False])
def test_a_jump_fires_within_two_polls_with_its_message(impressions: bool) -> None:
    room = Room(seed=3, impressions=impressions)
    onset = 2400.0
    target = quiet_product(room, onset)
    detector, before = run(room, onset)
    assert before == []
    room.boost[target] = 6.0
    _, hints = run(room, onset + 600, detector, start_s=onset + POLL_S)
    assert [h.product_id for h in hints] == [pid(target)]
    hint = hints[0]
    assert hint.at - (T0 + onset) <= 2 * POLL_S
    assert hint.by_impressions is impressions
    assert hint.rate_after > 3 * hint.rate_before > 0 and hint.ratio > 3
    assert hint.evidence >= SURGE_RULE.min_evidence
    assert hint.since_ts is not None and abs(hint.since_ts - (T0 + onset)) <= 2 * POLL_S
    assert hint.message_zh == f"商品商品{target}点击激增 → 延长讲解" == hint.message("zh")
    assert hint.message_en == f"Clicks on 商品{target} surging → extend its demonstration" == hint.message("en")
    assert detector.active == [pid(target)]


@pytest.mark.parametrize("impressions", [True, False])
def test_explanation_turns_without_more_interest_raise_no_hint(impressions: bool) -> None:
    room = Room(seed=5, impressions=impressions)
    raw: dict[str, list[float]] = {}
    detector = SurgeDetector()
    hints: list[SurgeHint] = []
    for k in range(1, int(2 * 3600 / POLL_S) + 1):
        samples = room.step(k * POLL_S)
        for s in samples:
            raw.setdefault(s.product_id, []).append(s.values[PRODUCT_CLICKS])
        hints.extend(detector.push(T0 + k * POLL_S, samples))
    assert hints == []
    # the turns are there and make the raw clicks jump: a per-second test would have fired on them
    first_turn = room.order[3]  # its turn starts at 15 min, after a baseline
    clicks = np.diff(raw[pid(first_turn)])
    k = int(3 * TURN_S / POLL_S)
    assert clicks[k:k + 2].sum() > 5 * clicks[k - 20:k].mean() * 2


def test_the_cooldown_holds_and_a_later_jump_fires_again() -> None:
    room = Room(seed=7, turns=False)
    target = 4
    detector, hints = run(room, 1800)
    room.boost[target] = 6.0
    _, hints = run(room, 2100, detector, start_s=1830)
    assert [h.product_id for h in hints] == [pid(target)]
    del room.boost[target]
    _, hints = run(room, 2400, detector, start_s=2130)  # back to normal: the hint resolves
    assert hints == [] and detector.active == []
    room.boost[target] = 6.0  # again within the cooldown (10 min)
    _, hints = run(room, 2580, detector, start_s=2430)
    assert hints == []
    del room.boost[target]
    _, hints = run(room, 4200, detector, start_s=2610)
    assert hints == []
    room.boost[target] = 6.0  # long after the cooldown
    _, hints = run(room, 4320, detector, start_s=4230)
    assert [h.product_id for h in hints] == [pid(target)]


def test_a_product_added_mid_show_with_clicks_already_counted_raises_no_hint() -> None:
    room = Room(seed=11)
    late = 9
    detector = SurgeDetector()
    hints: list[SurgeHint] = []
    for k in range(1, int(3600 / POLL_S) + 1):
        t = k * POLL_S
        samples = room.step(t)
        if t < 1800:  # listed from 30 min on, its counters already high
            samples = [s for s in samples if s.product_id != pid(late)]
        hints.extend(detector.push(T0 + t, samples))
    assert room.clicks[late] > 100
    assert hints == []


def test_impressions_going_missing_mid_show_raise_no_hint() -> None:
    room = Room(seed=13)

    def drop() -> None:
        room.impressions = False

    _, hints = run(room, 3600, events={1800.0: drop})
    assert hints == []


@pytest.mark.parametrize("impressions", [True, False])
def test_a_counter_reset_raises_no_hint(impressions: bool) -> None:
    room = Room(seed=17, impressions=impressions, turns=False)

    def reset() -> None:  # the source restarted: every counter starts again from zero
        room.clicks[:] = 0
        room.shows[:] = 0

    _, hints = run(room, 3600, events={1800.0: reset})
    assert hints == []
    # a product whose clicks restart from a small number and climb back is not a surge either
    room2 = Room(seed=17, impressions=impressions, turns=False)

    def halve() -> None:
        room2.clicks[2] = 1
        room2.shows[2] = 10

    _, hints = run(room2, 3600, events={1800.0: halve})
    assert hints == []


def test_a_move_to_the_top_without_impressions_raises_no_hint() -> None:
    room = Room(seed=19, impressions=False, turns=False)
    moved = N - 1

    def to_top() -> None:
        room.order.remove(moved)
        room.order.insert(0, moved)

    _, hints = run(room, 3600, events={1800.0: to_top})
    assert hints == []
    assert room.clicks[moved] > 0


def test_the_vectorised_gate_follows_the_alert_gate_rules() -> None:
    """SurgeDetector judges every product at once with its own array copy of core.alerts.gate.Gate's idle step
    (pending time, an unknown condition pausing it, a false one resetting it, cooldown); the two must not drift."""
    import math
    from dataclasses import replace

    import numpy as np

    from dyconsole.core.alerts.gate import FIRE, Gate
    from dyconsole.core.products.surge import SURGE_RULE, SurgeDetector

    rng = np.random.default_rng(7)
    n, polls = 40, 120
    det = SurgeDetector(rule=replace(SURGE_RULE, pending_s=60.0, cooldown_s=300.0))
    det._s = det._new_rows(n)
    gates = [Gate(pending_s=60.0, cooldown_s=300.0) for _ in range(n)]
    cooldowns = rng.choice([-math.inf, 200.0, 900.0], size=n)
    det._s["cooldown_until"][:] = cooldowns
    for gate, until in zip(gates, cooldowns):
        gate.cooldown_until = float(until)
    rows = np.arange(n)
    fired_at = np.full(n, math.nan)
    for step in range(polls):
        ts = 30.0 * step
        state = rng.choice([0, 1, 2], size=n, p=[0.2, 0.2, 0.6])  # 0: not judged, 1: judged false, 2: true
        idle = ~det._s["active"][rows]
        fire = det._gate(rows, ts, idle, state > 0, state == 2)
        for r, gate in enumerate(gates):
            condition = None if state[r] == 0 else bool(state[r] == 2)
            expected = gate.step(ts, condition, False) == FIRE
            assert bool(fire[r]) == expected, (step, r)
            assert bool(det._s["active"][r]) == gate.active, (step, r)
        fired_at[fire] = ts
    assert not np.isnan(fired_at).any()  # every product fired once (active ones stay up: no recovery here)
    assert (fired_at[cooldowns == 900.0] >= 900.0).all() and (fired_at >= 60.0).all()  # cooldown, then pending
