"""The alert log: fired alerts with their resolve/acknowledge times, and saved rules."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from dyconsole.storage.alert_store import (
    acknowledge_alert,
    add_alert,
    delete_alert_rule,
    load_alert_rules,
    load_alerts,
    resolve_alert,
    save_alert_rule,
)
from dyconsole.storage.errors import DatabaseReadOnly


def test_alert_lifecycle(db: Database) -> None:
    first = add_alert(db, "s1", "online_drop", "online", "critical", 100.0, "在线人数骤降 35%", 310.0)
    add_alert(db, "s2", "roi_low", "live_roi", "warning", 50.0, "ROI 0.8")
    resolve_alert(db, first, 160.0)
    resolve_alert(db, first, 999.0)  # the first resolution time stays
    acknowledge_alert(db, first, 120.0)
    (alert,) = load_alerts(db, "s1")
    assert (alert.id, alert.rule, alert.severity, alert.value) == (first, "online_drop", "critical", 310.0)
    assert (alert.fired_at, alert.acknowledged_at, alert.resolved_at) == (100.0, 120.0, 160.0)
    assert [a.rule for a in load_alerts(db)] == ["roi_low", "online_drop"]


def test_rules_are_saved_by_name(db: Database) -> None:
    save_alert_rule(db, "online_drop", "online", {"op": "drop_pct", "threshold": 30}, "critical", True, 1.0)
    save_alert_rule(db, "online_drop", "online", {"op": "drop_pct", "threshold": 25}, "warning", False, 2.0)
    save_alert_rule(db, "gpm_low", "gpm", {"op": "<", "threshold": 500}, "warning", True, 3.0)
    rules = {r["name"]: r for r in load_alert_rules(db)}
    assert rules["online_drop"]["condition"] == {"op": "drop_pct", "threshold": 25}
    assert rules["online_drop"]["enabled"] is False and rules["online_drop"]["created_at"] == 1.0
    delete_alert_rule(db, "gpm_low")
    assert [r["name"] for r in load_alert_rules(db)] == ["online_drop"]


def test_a_failed_write_is_a_storage_error(db: Database) -> None:
    db.execute("PRAGMA query_only = 1")
    with pytest.raises(DatabaseReadOnly):
        add_alert(db, "s1", "x", "online", "info", 1.0, "m")
