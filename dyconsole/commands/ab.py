"""`dyconsole ab list|show PLAN_ID|export PLAN_ID --out slots.csv [--db PATH]`: the A/B run plans of the session
cache. `list`: every plan (newest first) with its state and verdict so far; `show`: one plan's hypothesis,
variants, slots and verdict (core.experiments.analysis over the stored slots, each slot's metric computed again from
the recorded samples); `export`: the slots as CSV. Exit codes are commands.exit_codes': 3 for a database that
cannot be read or an unknown plan, 1 when the CSV cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dyconsole.commands.exit_codes import DATA, FAILURE, OK
from dyconsole.commands.listing import print_listing, render_table
from dyconsole.core import glossary
from dyconsole.core.experiments.analysis import Verdict, analyse, verdict_text
from dyconsole.core.experiments.records import StoredPlan, StoredSlot, status_label
from dyconsole.paths import default_db_path
from dyconsole.storage.ab_outcomes import export_plan_csv, plan_outcomes
from dyconsole.storage.ab_store import list_plans
from dyconsole.storage.db import open_for_reading
from dyconsole.storage.errors import DatabaseMissing, StorageError
from dyconsole.storage.export_csv import format_cell, iso_local


def _fail(message: str, code: int = DATA) -> int:
    print(f"dyconsole ab: {message}", file=sys.stderr)
    return int(code)


def _verdict(plan: StoredPlan, outcomes: list[Any]) -> Verdict:
    spec = plan.spec
    return analyse(outcomes, spec.control, planned_slots=spec.n_slots, min_effect=spec.min_effect,
                   block=len(spec.variants))


def _plan_json(plan: StoredPlan, v: Verdict, lang: str) -> dict[str, Any]:
    spec = plan.spec
    return {"id": plan.id, "name": spec.name, "room_id": plan.room_id, "status": plan.status,
            "created_at": iso_local(plan.created_at), "metric": spec.metric, "n_slots": spec.n_slots,
            "slots_used": v.slots_used, "verdict": v.state, "effect": v.effect, "lo": v.lo, "hi": v.hi,
            "more_slots_needed": v.more_slots_needed, "text": verdict_text(v, lang, spec.variant_names())}


def _list(db: Any, args: argparse.Namespace) -> int:
    rows = []
    for plan in list_plans(db, args.room):
        _, _, outcomes = plan_outcomes(db, plan.id)
        rows.append((plan, _verdict(plan, outcomes)))
    lang = args.lang

    def table(items: Any) -> str:
        return render_table(["id", "name", "status", "metric", "slots", "verdict"], [
            [p.id, p.spec.name, status_label(p.status, lang), glossary.label(p.spec.metric, lang),
             f"{v.slots_used}/{p.spec.n_slots}", verdict_text(v, lang, p.spec.variant_names())] for p, v in items])

    return print_listing(rows, args.json, lambda pv: _plan_json(pv[0], pv[1], lang), table, "no A/B plans")


def _slot_lines(plan: StoredPlan, stored: list[StoredSlot], values: dict[int, float | None], lang: str) -> str:
    names = plan.spec.variant_names()
    return render_table(["#", "variant", "status", "applied_at", "late_s", glossary.label(plan.spec.metric, lang)], [
        [str(s.index + 1), f"{s.variant} {names.get(s.variant, '')}".strip(), status_label(s.status, lang),
         iso_local(s.applied_at)[:19].replace("T", " ") if s.applied_at is not None else "",
         format_cell(round(s.late_s)) if s.applied_at is not None else "",
         glossary.fmt(plan.spec.metric, values[s.index], lang) if s.index in values else ""] for s in stored])


def _show(db: Any, args: argparse.Namespace) -> int:
    plan, stored, outcomes = plan_outcomes(db, args.plan_id)
    v = _verdict(plan, outcomes)
    lang, spec = args.lang, plan.spec
    if args.json:
        data = _plan_json(plan, v, lang)
        data["slots"] = [{"slot": o.index, "variant": o.variant, "value": o.value, "applied_at": o.started_at,
                          "late_s": o.late_s} for o in outcomes]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return OK
    en = lang.startswith("en")
    print(f"{spec.name}  [{plan.id}]  {status_label(plan.status, lang)}")
    if spec.hypothesis:
        print(("hypothesis: " if en else "假设：") + spec.hypothesis)
    for var in spec.variants:
        print(f"  {var.key}  {var.label}" + (f" — {var.change}" if var.change else ""))
    print(("metric: " if en else "指标：") + glossary.label(spec.metric, lang)
          + (f"; {spec.n_slots} slots of {spec.slot_minutes:g} min, washout {spec.washout_minutes:g} min" if en
             else f"；{spec.n_slots} 个时段，每段 {spec.slot_minutes:g} 分钟，过渡期 {spec.washout_minutes:g} 分钟"))
    print(_slot_lines(plan, stored, {o.index: o.value for o in outcomes}, lang))
    print(verdict_text(v, lang, spec.variant_names()))
    return OK


def _export(db: Any, args: argparse.Namespace) -> int:
    try:
        n = export_plan_csv(db, args.plan_id, args.out)
    except OSError as exc:
        return _fail(f"cannot write {args.out}: {exc.strerror or exc}", FAILURE)
    print(f"{n} slots written to {args.out}")
    return OK


def run(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else default_db_path()
    try:
        db = open_for_reading(path)
    except DatabaseMissing:
        if args.ab_command == "list" and not args.db:
            return print_listing([], args.json, dict, str, "no A/B plans")  # nothing recorded yet
        return _fail(f"no session database at {path}")
    except StorageError as exc:
        return _fail(str(exc))
    try:
        action = {"list": _list, "show": _show, "export": _export}[args.ab_command]
        return action(db, args)
    except StorageError as exc:  # PlanNotFound included
        return _fail(str(exc))
    finally:
        db.close()
