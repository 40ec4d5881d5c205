"""The report's A/B section: for each plan that ran (some of its slots) in the session, a table of its slots
(variant, state, confirmed switch, switch delay, the metric after washout) captioned with the verdict in words
(core.experiments.analysis.verdict_text: the effect and its interval valid at every look). The session's plans come
in `ReportInputs.experiments` (services.experiments.history.session_plans fills it); none gives one empty table
saying so. Each plan with a measured slot also gives a `SlotsPicture` (the metric per slot, coloured by variant,
the washout noted, the verdict's interval) that the PDF and the PNG export draw (ui.reports.slot_paint). Labels
from the glossary; no Qt, no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from dyconsole.core import glossary
from dyconsole.core.experiments.analysis import SlotOutcome, Verdict, verdict_text
from dyconsole.core.experiments.records import StoredPlan, StoredSlot, status_label
from dyconsole.core.report_text import tr

AB_SECTION = "ab"  # its heading is core.report_text's word "ab"
#: the section's own words (zh, en) beside the glossary's
WORDS: dict[str, tuple[str, str]] = {
    "slot": ("时段", "Slot"), "variant": ("方案", "Variant"), "status": ("状态", "Status"),
    "switched_at": ("切换时间", "Switched at"), "none": ("本场没有进行 A/B 计划", "No A/B plan ran in this session"),
    "hypothesis": ("假设", "Hypothesis"), "plan": ("计划", "Plan"),
    "chart": ("各时段{metric}（按方案着色）", "{metric} per slot, by variant"),
    "washout": ("每个时段的前 {minutes} 分钟为过渡期，不计入", "The first {minutes} min of each slot (washout) not counted"),
    "no_washout": ("无过渡期：时段全程计入", "No washout: each whole slot counted"),
    "no_value": ("无数据", "no data"), "late": ("迟", "late"),
    "effect": ("{treatment} 相对 {control}", "{treatment} vs {control}"),
}


class PlanRecordLike(Protocol):
    """One plan as recorded (services.experiments.history.PlanRecord)."""

    plan: StoredPlan
    slots: list[StoredSlot]
    outcomes: list[SlotOutcome]
    verdict: Verdict


def _w(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


@dataclass(frozen=True)
class SlotBar:
    """One slot of the chart: its number (1-based), variant key, value after washout (None: no data), and whether
    its switch was confirmed late."""

    number: int
    variant: str
    value: float | None
    late: bool = False


@dataclass(frozen=True)
class SlotsPicture:
    """A plan's metric per slot as the report draws it: bars in the order the slots ran, each in its variant's
    colour (`variants`: (key, legend text) in plan order, the control first), the washout note, and the verdict's
    effect with its interval (relative, 0.12 = +12%; None while there is none)."""

    plan_id: str
    title: str
    metric: str  # the glossary key: its unit formats the axis
    variants: tuple[tuple[str, str], ...]
    bars: tuple[SlotBar, ...]
    washout_note: str
    effect_label: str
    effect: tuple[float, float, float] | None = None  # (effect, lo, hi)
    confidence: float = 0.95  # of the interval
    no_value: str = "—"
    late_word: str = "late"

    def values_of(self, variant: str) -> list[float]:
        """The measured values of one variant's slots."""
        return [b.value for b in self.bars if b.variant == variant and b.value is not None]


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def slots_picture(record: PlanRecordLike, lang: str) -> SlotsPicture | None:
    """The chart of one plan's slots (None when no slot has run yet)."""
    spec = record.plan.spec
    names = spec.variant_names()
    values = {o.index: o.value for o in record.outcomes}
    ran = [s for s in record.slots if s.applied_at is not None or s.index in values]
    if not ran:
        return None
    bars = tuple(SlotBar(s.index + 1, s.variant, v if _finite(v := values.get(s.index)) else None,
                         s.applied_at is not None and s.late_s > 0) for s in ran)
    wash = spec.washout_minutes
    note = _w("washout", lang).format(minutes=f"{wash:g}") if wash > 0 else _w("no_washout", lang)
    v = record.verdict
    effect = (v.effect, v.lo, v.hi) if _finite(v.effect) and _finite(v.lo) and _finite(v.hi) else None
    label = _w("effect", lang).format(treatment=names.get(v.treatment, v.treatment),
                                      control=names.get(v.control, v.control))
    return SlotsPicture(record.plan.id, _w("chart", lang).format(metric=glossary.label(spec.metric, lang)),
                        spec.metric, tuple((k, f"{k} {names.get(k, '')}".strip()) for k in spec.variant_keys),
                        bars, note, label, effect, 1.0 - v.alpha, _w("no_value", lang), _w("late", lang))


def plan_table(record: PlanRecordLike, lang: str, table_type: Any, column_type: Any) -> Any:
    """One plan's slots as a report table (`table_type`/`column_type`: core.report_types' Table and Column)."""
    spec = record.plan.spec
    names = spec.variant_names()
    values = {o.index: o.value for o in record.outcomes}
    columns = (column_type("slot", _w("slot", lang), "text"), column_type("variant", _w("variant", lang), "text"),
               column_type("status", _w("status", lang), "text"),
               column_type("applied_at", _w("switched_at", lang), "time"),
               column_type("late_s", glossary.label("ab_late_s", lang), "text"),
               column_type("value", glossary.label("ab_slot_value", lang), "text"))
    rows = tuple((str(s.index + 1), f"{s.variant} {names.get(s.variant, '')}".strip(), status_label(s.status, lang),
                  s.applied_at, glossary.fmt("ab_late_s", s.late_s, lang) if s.applied_at is not None else "",
                  glossary.fmt(spec.metric, values.get(s.index), lang) if s.index in values else "")
                 for s in record.slots)
    caption = verdict_text(record.verdict, lang, names)
    if spec.hypothesis:
        caption = f"{_w('hypothesis', lang)}: {spec.hypothesis}\n{caption}"
    title = f"{spec.name} · {glossary.label(spec.metric, lang)} · {status_label(record.plan.status, lang)}"
    return table_type(f"{AB_SECTION}:{record.plan.id}", title, columns, rows, caption)


def ab_tables(plans: Sequence[PlanRecordLike], lang: str, table_type: Any, column_type: Any) -> list[Any]:
    """The section's tables: one a plan, or one empty table saying no plan ran."""
    if not plans:
        return [table_type(AB_SECTION, tr(AB_SECTION, lang), (column_type("plan", _w("plan", lang), "text"),), (), _w("none", lang))]
    return [plan_table(p, lang, table_type, column_type) for p in plans]


def ab_section(plans: Sequence[PlanRecordLike], lang: str, table_type: Any,
               column_type: Any) -> tuple[list[Any], list[SlotsPicture]]:
    """The section's tables and the pictures of the plans that ran a slot."""
    pictures = [p for p in (slots_picture(r, lang) for r in plans) if p is not None]
    return ab_tables(plans, lang, table_type, column_type), pictures
