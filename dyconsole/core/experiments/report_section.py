"""The report's A/B section: for each plan that ran (some of its slots) in the session, a table of its slots
(variant, state, confirmed switch, switch delay, the metric after washout) captioned with the verdict in words
(core.experiments.analysis.verdict_text: the effect and its interval valid at every look). The session's plans come
in `ReportInputs.experiments` (services.experiments.history.session_plans fills it); none gives one empty table
saying so. Labels from the glossary; no Qt, no I/O.
"""

from __future__ import annotations

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


def plan_table(record: PlanRecordLike, lang: str, table_type: Any, column_type: Any) -> Any:
    """One plan's slots as a report table (`table_type`/`column_type`: core.report_model's Table and Column)."""
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
