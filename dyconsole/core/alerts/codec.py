"""Rules, alert events and norm tables to and from plain dicts (JSON-ready: str, float, bool, list, None), for
the storage of rules and alerts, settings files and `dyconsole alerts --json`.

A rule dict is `{"kind": "<rule kind>", "v": 1, <field>: <value>, ...}`; unknown keys are ignored and missing
ones take the rule's defaults (so older files still load). `rule_from_dict` raises `RuleDecodeError` (a
ValueError carrying FieldErrors) for what cannot be decoded; whether the decoded rule makes sense is
`validation.validate`'s job.
"""

from __future__ import annotations

import dataclasses
import math
from enum import Enum
from typing import Any, Mapping

from dyconsole.core.alerts.engine import AlertEvent
from dyconsole.core.alerts.norms import NormTable
from dyconsole.core.alerts.rules import (
    RULE_TYPES,
    ChangeDirection,
    Direction,
    NormSource,
    Rule,
    Severity,
)
from dyconsole.core.alerts.validation import FieldError

CODEC_VERSION = 1
_ENUMS: dict[str, dict[str, type[Enum]]] = {
    "threshold": {"direction": Direction},
    "change": {"direction": ChangeDirection},
}
_COMMON_ENUMS: dict[str, type[Enum]] = {"severity": Severity, "norm_source": NormSource}
_TUPLE_FIELDS = {"numerator", "denominator"}
_TEXT_FIELDS = {"id", "name", "metric"}
_BOOL_FIELDS = {"enabled", "when_down"}


class RuleDecodeError(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.message_en}" for e in errors))
        self.errors = errors


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def rule_to_dict(rule: Rule) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": rule.kind, "v": CODEC_VERSION}
    for f in dataclasses.fields(rule):
        out[f.name] = _plain(getattr(rule, f.name))
    return out


def rule_from_dict(data: Mapping[str, Any]) -> Rule:
    kind = data.get("kind")
    cls = RULE_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise RuleDecodeError([FieldError("kind", f"未知规则类型：{kind}", f"unknown rule kind: {kind}")])
    enums = {**_COMMON_ENUMS, **_ENUMS.get(kind, {})}
    errors: list[FieldError] = []
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                errors.append(FieldError(f.name, f"缺少字段：{f.name}", f"missing field: {f.name}"))
            continue
        raw = data[f.name]
        try:
            kwargs[f.name] = _decode(f.name, raw, enums)
        except (TypeError, ValueError):
            errors.append(FieldError(f.name, f"字段值无效：{f.name}={raw!r}", f"invalid value: {f.name}={raw!r}"))
    if errors:
        raise RuleDecodeError(errors)
    return cls(**kwargs)


def _decode(name: str, raw: Any, enums: Mapping[str, type[Enum]]) -> Any:
    if name in enums:
        return enums[name](raw)
    if name in _TUPLE_FIELDS:
        if isinstance(raw, str):
            return (raw,)
        if not isinstance(raw, (list, tuple)) or not all(isinstance(x, str) for x in raw):
            raise TypeError(name)
        return tuple(raw)
    if name in _TEXT_FIELDS:
        if not isinstance(raw, str):
            raise TypeError(name)
        return raw
    if name in _BOOL_FIELDS:
        if not isinstance(raw, bool):
            raise TypeError(name)
        return raw
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise TypeError(name)
    return float(raw)


def rules_to_list(rules: list[Rule]) -> list[dict[str, Any]]:
    return [rule_to_dict(r) for r in rules]


def rules_from_list(items: list[Mapping[str, Any]]) -> list[Rule]:
    return [rule_from_dict(d) for d in items]


def event_to_dict(event: AlertEvent) -> dict[str, Any]:
    """An event as a flat dict (NaN/inf become None)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(event):
        v = _plain(getattr(event, f.name))
        if isinstance(v, float) and not math.isfinite(v):
            v = None
        out[f.name] = v
    return out


def event_from_dict(data: Mapping[str, Any]) -> AlertEvent:
    kwargs = {f.name: data.get(f.name) for f in dataclasses.fields(AlertEvent) if f.name in data}
    kwargs["severity"] = Severity(kwargs["severity"])
    return AlertEvent(**kwargs)


def norms_to_dict(table: NormTable) -> dict[str, dict[str, float]]:
    return {c: dict(m) for c, m in table.values.items()}


def norms_from_dict(data: Mapping[str, Mapping[str, Any]]) -> NormTable:
    """Rows of category -> metric -> number; non-numeric or non-finite values are dropped."""
    rows: dict[str, dict[str, float]] = {}
    for category, metrics in data.items():
        row = {str(m): float(v) for m, v in metrics.items()
               if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)}
        if row:
            rows[str(category)] = row
    return NormTable(rows)
