"""The verdict of a switchback test, valid at every look: per-slot outcomes in, `Verdict` out, and the verdict in
words (`verdict_text`, zh and en).

Method. The schedule runs the variants in randomised adjacent blocks (core.experiments.schedule). Within each block
the treatment's slot is compared with the control's by the log-ratio d = log(treatment / control); neighbours in
time share the broadcast's level, so the drift over the hours drops out (a linear drift adds +-(slot step) with a
random sign: no bias). The mean of d is log(1 + effect). Its interval is Lai's t-mixture confidence sequence
(core.experiments.confseq), which holds at every look at once: the operator may read the verdict after every slot,
and stop as soon as it is decisive, without the false-positive rate growing (Johari et al. 2017; Howard et al.
2021). A block missing a value (not enough data after washout, a skipped slot) or with a zero value is left out.

States: too_early (interval still holds 0 and slots remain), higher / lower (the interval excludes 0; with
`stopped_early` when that came before the planned slots ran out), no_difference (the whole interval lies within
+-min_effect), inconclusive (all planned slots ran, the interval still holds 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from dyconsole.core.experiments.confseq import interval
from dyconsole.core.experiments.power import slots_needed
from dyconsole.core.numfmt import fmt_pct

TOO_EARLY, HIGHER, LOWER, NO_DIFFERENCE, INCONCLUSIVE = "too_early", "higher", "lower", "no_difference", "inconclusive"
STATES: tuple[str, ...] = (TOO_EARLY, HIGHER, LOWER, NO_DIFFERENCE, INCONCLUSIVE)
#: a "more slots needed" estimate above this is not given (the plan cannot tell within a broadcast season)
MAX_MORE_SLOTS = 200


@dataclass(frozen=True, slots=True)
class SlotOutcome:
    """One slot as it ran: its variant, the metric after washout (None: not enough data), when it really started
    (the operator's confirmed switch), when it was planned to, and how late the switch was."""

    index: int
    variant: str
    value: float | None
    started_at: float
    planned_start: float
    late_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Verdict:
    """effect, lo, hi: the treatment's relative effect vs the control (0.12 = 12% higher) and its always-valid
    interval (None while there is no data; lo/hi may be +-inf while the data cannot bound it)."""

    state: str
    effect: float | None
    lo: float | None
    hi: float | None
    slots_used: int
    more_slots_needed: int | None
    per_slot: tuple[SlotOutcome, ...]
    control: str = "A"
    treatment: str = "B"
    alpha: float = 0.05
    pairs: int = 0
    stopped_early: bool = False

    @property
    def decisive(self) -> bool:
        return self.state in (HIGHER, LOWER, NO_DIFFERENCE)


def _usable(v: float | None) -> bool:
    return v is not None and math.isfinite(v) and v > 0


def pair_log_ratios(outcomes: Sequence[SlotOutcome], control: str, treatment: str, k: int = 2) -> list[float]:
    """log(treatment / control) of each complete block of k adjacent slots (by slot index), in time order."""
    by_block: dict[int, dict[str, float | None]] = {}
    for o in outcomes:
        by_block.setdefault(o.index // k, {})[o.variant] = o.value
    out: list[float] = []
    for b in sorted(by_block):
        vals = by_block[b]
        c, t = vals.get(control), vals.get(treatment)
        if _usable(c) and _usable(t):
            out.append(math.log(t / c))  # type: ignore[operator]
    return out


def _more_needed(d: list[float], used: int, min_effect: float | None, alpha: float) -> int | None:
    if len(d) < 2:
        return None
    noise = float(np.std(d, ddof=1))
    target = min_effect if min_effect else abs(math.expm1(float(np.mean(d))))
    if not (noise > 0 and target > 0):
        return None
    try:
        total = slots_needed(target, noise, alpha)
    except ValueError:
        return None
    more = max(2, total - used)
    return more if more <= MAX_MORE_SLOTS else None


def analyse(outcomes: Sequence[SlotOutcome], control: str = "A", alpha: float = 0.05,
            planned_slots: int | None = None, min_effect: float | None = None,
            treatment: str | None = None, block: int | None = None) -> Verdict:
    """The verdict after the slots in `outcomes` (any order; a slot missing or with no value is left out).
    `treatment`: the variant compared with the control (default: the first other one seen); `block`: slots per
    schedule block (the plan's number of variants; default: the variants seen, at least 2)."""
    outs = tuple(sorted(outcomes, key=lambda o: o.index))
    variants = list(dict.fromkeys(o.variant for o in outs))
    treat = treatment or next((v for v in variants if v != control), "B")
    k = block or max(2, len(set(variants) | {control, treat}))
    d = pair_log_ratios(outs, control, treat, k)
    used = 2 * len(d)
    done = planned_slots is not None and max((o.index for o in outs), default=-1) + 1 >= planned_slots
    common = dict(per_slot=outs, control=control, treatment=treat, alpha=alpha, pairs=len(d))
    if not d:
        return Verdict(TOO_EARLY, None, None, None, 0, _more_needed(d, 0, min_effect, alpha), **common)
    mean, lo, hi = interval(np.asarray(d), alpha)
    eff, e_lo, e_hi = math.expm1(mean), math.expm1(lo), math.expm1(hi)  # expm1(-inf) = -1: "at most 100% lower"
    if lo > 0 or hi < 0:
        state = HIGHER if lo > 0 else LOWER
    elif min_effect and -min_effect < e_lo and e_hi < min_effect:
        state = NO_DIFFERENCE
    else:
        state = INCONCLUSIVE if done else TOO_EARLY
    early = state in (HIGHER, LOWER, NO_DIFFERENCE) and planned_slots is not None and not done
    more = _more_needed(d, used, min_effect, alpha) if state in (TOO_EARLY, INCONCLUSIVE) else None
    return Verdict(state, eff, e_lo, e_hi, used, more, stopped_early=early, **common)


def _pct(x: float | None, lang: str) -> str:
    if x is None or not math.isfinite(x):
        return "∞" if x is not None and x > 0 else "?"
    return fmt_pct(x, lang, 0)


def verdict_text(v: Verdict, lang: str = "zh", variant_names: Mapping[str, str] | None = None) -> str:
    """The verdict in the operator's words, e.g. "B 高 12%（95% 区间 4%–20%）" / "B is 12% higher (95% interval
    4%–20%)", "还不能下结论：约需再 6 个时段" / "Too early to tell: about 6 more slots needed"."""
    en = lang.startswith("en")
    names = variant_names or {}
    t, c = names.get(v.treatment, v.treatment), names.get(v.control, v.control)
    conf = round((1 - v.alpha) * 100)
    bounded = v.lo is not None and v.hi is not None and v.lo > -1.0 and math.isfinite(v.hi)
    iv = f"{_pct(v.lo, lang)}–{_pct(v.hi, lang)}" if bounded else ("not bounded yet" if en else "尚无界")
    if v.state in (HIGHER, LOWER):
        size = _pct(abs(v.effect or 0.0), lang)
        if en:
            word = "higher" if v.state == HIGHER else "lower"
            text = f"{t} is {size} {word} than {c} ({conf}% interval {iv})"
            return text + ("; the test can stop early" if v.stopped_early else "")
        text = f"{t} 比 {c} {'高' if v.state == HIGHER else '低'} {size}（{conf}% 区间 {iv}）"
        return text + ("，可提前结束" if v.stopped_early else "")
    if v.state == NO_DIFFERENCE:
        return (f"No difference that matters between {t} and {c} ({conf}% interval {iv})" if en
                else f"{t} 与 {c} 无实质差别（{conf}% 区间 {iv}）")
    if v.state == INCONCLUSIVE:
        return (f"No clear difference after all slots ({conf}% interval {iv})" if en
                else f"全部时段跑完仍无明确差别（{conf}% 区间 {iv}）")
    more = v.more_slots_needed
    if en:
        return f"Too early to tell: about {more} more slots needed" if more else "Too early to tell"
    return f"还不能下结论：约需再 {more} 个时段" if more else "还不能下结论"
