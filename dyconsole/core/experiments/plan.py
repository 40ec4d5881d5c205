"""An A/B run plan on the broadcast (a switchback test): what is compared (`Variant`), how (`PlanSpec`: the metric,
slot length, washout, number of slots, seed), the metrics a plan may use (`AB_METRICS`, glossary keys) and the
checks a plan must pass before it runs (`validate` -> `Problem`s naming the field, in zh and en). Pure: no Qt, no I/O.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from dyconsole.core.glossary import TERMS

#: the metrics a plan may compare (glossary keys): GMV per 1k entries, paid orders / min, product click rate,
#: conversion, average stay, interaction rate. core.experiments.slot_metric computes each over one slot.
AB_METRICS: tuple[str, ...] = (
    "gpm", "paid_orders_per_min", "product_click_rate", "conversion_rate", "avg_dwell_s", "interaction_rate",
)

#: slot length bounds (minutes): shorter slots are swamped by the counters' minute granularity and carry-over;
#: longer ones leave too few slots in a broadcast
MIN_SLOT_MINUTES = 3.0
MAX_SLOT_MINUTES = 120.0
MIN_SLOTS_PER_VARIANT = 2
MAX_SLOTS = 200
MAX_VARIANTS = 4


@dataclass(frozen=True, slots=True)
class Variant:
    """One arm of the test: a short key (A, B...), the operator's name for it, and what changes in it."""

    key: str
    label: str
    change: str = ""


@dataclass(frozen=True, slots=True)
class PlanSpec:
    """A switchback plan: `n_slots` slots of `slot_minutes`, the first `washout_minutes` of each not counted,
    variants in a seeded balanced order (core.experiments.schedule). The first variant is the control."""

    name: str
    hypothesis: str
    variants: tuple[Variant, ...]
    metric: str
    slot_minutes: float
    washout_minutes: float
    n_slots: int
    seed: int
    broadcasts: int = 1
    min_effect: float | None = None  # the smallest relative effect worth acting on (e.g. 0.1 = 10%)
    variant_keys: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "variants", tuple(self.variants))
        object.__setattr__(self, "variant_keys", tuple(v.key for v in self.variants))

    @property
    def control(self) -> str:
        """The control variant's key (the first variant)."""
        return self.variants[0].key if self.variants else "A"

    def variant_names(self) -> dict[str, str]:
        """key -> the operator's name for it (the key when no name was given)."""
        return {v.key: v.label or v.key for v in self.variants}

    def to_json(self) -> str:
        d = asdict(self)
        d.pop("variant_keys", None)
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "PlanSpec":
        d = json.loads(text)
        d.pop("variant_keys", None)
        d["variants"] = tuple(Variant(**v) for v in d.get("variants", ()))
        return cls(**d)


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong with one field of a PlanSpec (`field` is the PlanSpec attribute's name), in zh and en."""

    field: str
    zh: str
    en: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


def _num(x: object) -> float | None:
    try:
        v = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return v if v == v and abs(v) != float("inf") else None


def _check_variants(spec: PlanSpec) -> list[Problem]:
    out: list[Problem] = []
    keys = [v.key.strip() for v in spec.variants]
    if len(keys) < 2:
        out.append(Problem("variants", "至少需要两个方案（A 和 B）", "At least two variants are needed (A and B)"))
    elif len(keys) > MAX_VARIANTS:
        out.append(Problem("variants", f"方案最多 {MAX_VARIANTS} 个", f"At most {MAX_VARIANTS} variants"))
    if any(not k for k in keys):
        out.append(Problem("variants", "每个方案都要有代号（如 A、B）", "Every variant needs a key (such as A, B)"))
    dup = sorted({k for k in keys if k and keys.count(k) > 1})
    if dup:
        out.append(Problem("variants", f"方案代号重复：{'、'.join(dup)}", f"Duplicate variant keys: {', '.join(dup)}"))
    return out


def _check_slots(spec: PlanSpec) -> list[Problem]:
    out: list[Problem] = []
    slot, wash = _num(spec.slot_minutes), _num(spec.washout_minutes)
    if slot is None or not MIN_SLOT_MINUTES <= slot <= MAX_SLOT_MINUTES:
        out.append(Problem("slot_minutes", f"时段长度须在 {MIN_SLOT_MINUTES:g}–{MAX_SLOT_MINUTES:g} 分钟之间",
                           f"Slot length must be {MIN_SLOT_MINUTES:g}–{MAX_SLOT_MINUTES:g} minutes"))
    if wash is None or wash < 0:
        out.append(Problem("washout_minutes", "过渡期不能为负数", "Washout cannot be negative"))
    elif slot is not None and wash >= slot:
        out.append(Problem("washout_minutes", "过渡期必须短于时段长度", "Washout must be shorter than the slot"))
    k = max(len(spec.variants), 2)
    n = spec.n_slots
    if not isinstance(n, int) or isinstance(n, bool) or n < MIN_SLOTS_PER_VARIANT * k or n > MAX_SLOTS:
        out.append(Problem("n_slots", f"时段数须在 {MIN_SLOTS_PER_VARIANT * k}–{MAX_SLOTS} 之间",
                           f"Number of slots must be {MIN_SLOTS_PER_VARIANT * k}–{MAX_SLOTS}"))
    elif n % k:
        out.append(Problem("n_slots", f"时段数须是方案数（{k}）的倍数，才能均衡轮换",
                           f"Number of slots must be a multiple of the number of variants ({k}) to stay balanced"))
    return out


def validate(spec: PlanSpec) -> list[Problem]:
    """Every problem with `spec`, one per field at most per kind of fault; an empty list means it can run."""
    out: list[Problem] = []
    if not spec.name.strip():
        out.append(Problem("name", "请填写计划名称", "Give the plan a name"))
    out += _check_variants(spec)
    if spec.metric not in AB_METRICS or spec.metric not in TERMS:
        out.append(Problem("metric", "请选择一个可用于 A/B 的指标", "Pick a metric offered for A/B tests"))
    out += _check_slots(spec)
    if not isinstance(spec.broadcasts, int) or isinstance(spec.broadcasts, bool) or not 1 <= spec.broadcasts <= 30:
        out.append(Problem("broadcasts", "场次须在 1–30 之间", "Broadcasts must be 1–30"))
    if not isinstance(spec.seed, int) or isinstance(spec.seed, bool) or spec.seed < 0:
        out.append(Problem("seed", "随机种子须是非负整数", "The seed must be a whole number ≥ 0"))
    if spec.min_effect is not None:
        eff = _num(spec.min_effect)
        if eff is None or not 0 < eff < 10:
            out.append(Problem("min_effect", "最小效果须大于 0（如 0.1 表示 10%）",
                               "The smallest effect must be above 0 (0.1 means 10%)"))
    return out
