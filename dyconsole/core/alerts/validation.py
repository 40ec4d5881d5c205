"""Checking a rule before it is saved or run: one `FieldError` per bad field, in Chinese and English, so the
rules panel can put each message next to its field.

`validate(rule)` checks one rule; `validate_rules(rules)` also checks that ids are unique.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Sequence

from dyconsole.core.alerts.rules import (
    COUNTER_NAMES,
    WATCHABLE,
    ChangeDirection,
    ChangeRule,
    Direction,
    NoDataRule,
    NormRule,
    NormSource,
    ProductNormRule,
    Rule,
    Severity,
    ThresholdRule,
)


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message_zh: str
    message_en: str


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class _Checker:
    def __init__(self, rule: Any) -> None:
        self.rule = rule
        self.errors: list[FieldError] = []

    def add(self, name: str, zh: str, en: str) -> None:
        if not any(e.field == name for e in self.errors):  # one message per field: the first problem
            self.errors.append(FieldError(name, zh, en))

    def number(self, name: str, zh_label: str, minimum: float | None = None, strict: bool = False,
               optional: bool = False) -> bool:
        v = getattr(self.rule, name)
        if v is None and optional:
            return False
        if not _is_number(v) or math.isnan(v):
            self.add(name, f"{zh_label}必须是数字", f"{name} must be a number")
            return False
        if not math.isfinite(v):
            self.add(name, f"{zh_label}必须是有限的数", f"{name} must be finite")
            return False
        if minimum is not None and (v <= minimum if strict else v < minimum):
            op_zh, op_en = ("大于", "greater than") if strict else ("不小于", "at least")
            self.add(name, f"{zh_label}必须{op_zh} {minimum:g}", f"{name} must be {op_en} {minimum:g}")
            return False
        return True

    def enum(self, name: str, zh_label: str, enum: type) -> None:
        if not isinstance(getattr(self.rule, name), enum):
            allowed = ", ".join(m.value for m in enum)
            self.add(name, f"{zh_label}无效（可选：{allowed}）", f"{name} must be one of: {allowed}")

    def metric(self, name: str = "metric") -> None:
        v = getattr(self.rule, name)
        if not isinstance(v, str) or v not in WATCHABLE:
            self.add(name, f"未知指标：{v}", f"unknown metric: {v}")

    def counters(self, name: str, zh_label: str) -> None:
        v = getattr(self.rule, name)
        if not isinstance(v, tuple) or not v:
            self.add(name, f"{zh_label}至少需要一个累计指标", f"{name} needs at least one cumulative counter")
            return
        bad = [x for x in v if x not in COUNTER_NAMES]
        if bad:
            self.add(name, f"{zh_label}不是累计指标：{', '.join(map(str, bad))}",
                     f"{name}: not cumulative counters: {', '.join(map(str, bad))}")


def validate(rule: Rule) -> list[FieldError]:
    """Every problem of one rule, one error per field (empty list: the rule is valid)."""
    c = _Checker(rule)
    if not isinstance(rule.id, str) or not rule.id.strip():
        c.add("id", "规则编号不能为空", "id must not be empty")
    if not isinstance(rule.name, str) or not rule.name.strip():
        c.add("name", "规则名称不能为空", "name must not be empty")
    c.enum("severity", "级别", Severity)
    if not isinstance(rule.enabled, bool):
        c.add("enabled", "启用状态必须是是/否", "enabled must be true or false")
    c.number("pending_s", "持续时间", minimum=0)
    c.number("cooldown_s", "冷却时间", minimum=0)

    if isinstance(rule, ThresholdRule):
        c.metric()
        c.enum("direction", "方向", Direction)
        ok_t = c.number("threshold", "阈值")
        ok_r = c.number("recovery", "恢复线", optional=True)
        if ok_t and ok_r and isinstance(rule.direction, Direction):
            if rule.direction is Direction.BELOW and rule.recovery < rule.threshold:
                c.add("recovery", "“低于”规则的恢复线不能低于阈值", "for 'below', recovery must be >= threshold")
            if rule.direction is Direction.ABOVE and rule.recovery > rule.threshold:
                c.add("recovery", "“高于”规则的恢复线不能高于阈值", "for 'above', recovery must be <= threshold")
    elif isinstance(rule, (NormRule, ProductNormRule)):
        if isinstance(rule, NormRule):
            c.metric()
        c.enum("norm_source", "常模来源", NormSource)
        ok_m = c.number("margin", "比例", minimum=0, strict=True)
        ok_r = c.number("recovery_margin", "恢复比例", minimum=0, strict=True, optional=True)
        if ok_m and ok_r and rule.recovery_margin < rule.margin:
            c.add("recovery_margin", "恢复比例不能低于触发比例", "recovery_margin must be >= margin")
        if isinstance(rule, ProductNormRule):
            c.number("window_s", "统计窗口", minimum=0, strict=True)
            c.number("min_impressions", "最少曝光", minimum=0)
            c.number("min_evidence", "显著性阈值", minimum=0)
    elif isinstance(rule, ChangeRule):
        c.counters("numerator", "分子")
        c.counters("denominator", "分母")
        if isinstance(rule.numerator, tuple) and rule.numerator and rule.numerator == rule.denominator:
            c.add("denominator", "分子和分母不能相同", "numerator and denominator must differ")
        c.metric()
        c.enum("direction", "变化方向", ChangeDirection)
        c.number("recent_s", "近期窗口", minimum=0, strict=True)
        if c.number("baseline_s", "基准窗口", minimum=0, strict=True) and _is_number(rule.recent_s):
            if rule.baseline_s < rule.recent_s:
                c.add("baseline_s", "基准窗口不能短于近期窗口", "baseline_s must be >= recent_s")
        c.number("min_events", "最少事件数", minimum=1)
        if c.number("min_relative_change", "最小变化幅度", minimum=0, strict=True):
            if rule.direction is ChangeDirection.DOWN and rule.min_relative_change >= 1:
                c.add("min_relative_change", "下降幅度必须小于 100%", "a drop must be below 100% (< 1)")
        c.number("min_evidence", "显著性阈值", minimum=0, strict=True)
    elif isinstance(rule, NoDataRule):
        c.number("max_age_s", "数据延迟上限", minimum=0, strict=True)
        if not isinstance(rule.when_down, bool):
            c.add("when_down", "必须是是/否", "when_down must be true or false")
    return c.errors


def validate_rules(rules: Sequence[Rule]) -> dict[str, list[FieldError]]:
    """rule id -> its errors, for every rule with errors; a duplicated id is an error of each duplicate."""
    out: dict[str, list[FieldError]] = {}
    seen: set[str] = set()
    for rule in rules:
        errors = validate(rule)
        if rule.id in seen:
            errors.append(FieldError("id", f"规则编号重复：{rule.id}", f"duplicate id: {rule.id}"))
        seen.add(rule.id)
        if errors:
            out[rule.id] = out.get(rule.id, []) + errors
    return out
