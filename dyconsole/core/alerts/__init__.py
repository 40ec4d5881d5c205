"""Alert rules (pure): rule types and validation, the evaluation engine, abnormal-change detection, norms and
baselines, shipped defaults, and the plain-dict codec. No Qt, no I/O, no clock: time comes in with each frame.

Typical use from a poll loop::

    engine = AlertEngine(rules, norms=EXAMPLE_NORMS, baseline=Baseline.from_sessions(...))
    for event in engine.evaluate(MetricFrame(ts, elapsed_s, values, products, state, age, category)):
        ...  # banner / tray / storage
"""

from dyconsole.core.alerts.codec import (
    RuleDecodeError,
    event_from_dict,
    event_to_dict,
    norms_from_dict,
    norms_to_dict,
    rule_from_dict,
    rule_to_dict,
    rules_from_list,
    rules_to_list,
)
from dyconsole.core.alerts.defaults import CATEGORY_LABELS, EXAMPLE_NORMS, default_rules
from dyconsole.core.alerts.engine import AlertEngine, AlertEvent, MetricFrame, ProductFrame, replay
from dyconsole.core.alerts.norms import ANY_CATEGORY, Baseline, NormTable, per_minute
from dyconsole.core.alerts.rules import (
    WATCHABLE_METRIC_NAMES,
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
    metric_label,
)
from dyconsole.core.alerts.validation import FieldError, validate, validate_rules

__all__ = [
    "ANY_CATEGORY", "AlertEngine", "AlertEvent", "Baseline", "CATEGORY_LABELS", "ChangeDirection", "ChangeRule",
    "Direction", "EXAMPLE_NORMS", "FieldError", "MetricFrame", "NoDataRule", "NormRule", "NormSource",
    "NormTable", "ProductFrame", "ProductNormRule", "Rule", "RuleDecodeError", "Severity", "ThresholdRule",
    "WATCHABLE_METRIC_NAMES", "default_rules", "event_from_dict", "event_to_dict", "metric_label",
    "norms_from_dict", "norms_to_dict", "per_minute", "replay", "rule_from_dict", "rule_to_dict",
    "rules_from_list", "rules_to_list", "validate", "validate_rules",
]
