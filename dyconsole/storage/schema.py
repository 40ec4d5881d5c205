"""The tables of the session cache, as the migrations create them (see DESIGN.md, Storage).

Times: `ts`, `started_at`, `ended_at`, `fired_at`... are broadcast-clock epoch seconds (REAL); `heartbeat_at` and
`created_at` are REAL wall-clock epoch seconds (the heartbeat must be real time to tell a dead recorder).
Wide sample tables have one REAL column per metric of the registry (core.metrics): a missing value is NULL,
never 0; room_samples also keeps each poll's derived figures (core.derived) from version 9 on. Ad spend is not a table of its own: it is the `stat_cost` column of `room_samples` (cumulative).
"""

from __future__ import annotations

from sqlite_utils import Database

from dyconsole.core.derived import DERIVED_NAMES
from dyconsole.core.history.summary import DEFAULT_CHANNEL
from dyconsole.core.metrics import PRODUCT_NUMERIC_FIELDS, ROOM_METRIC_NAMES
from dyconsole.core.alerts.defaults import default_rule_id

ROOM_SAMPLES = "room_samples"
PRODUCT_SAMPLES = "product_samples"

#: session status values stored in `sessions.status`
LIVE, ENDED, INTERRUPTED = "live", "ended", "interrupted"
#: why an ended session ended (`sessions.end_reason`)
END_FINISH, END_STOPPED = "finish", "stopped"


def _index(db: Database, table: str, columns: list[str]) -> None:
    db[table].create_index(columns, index_name=f"ix_{table}_{'_'.join(columns)}", if_not_exists=True)


def create_recording_tables(db: Database) -> None:
    """Version 1: rooms, sessions, every kind of sample, orders, gaps and operator events."""
    db["rooms"].create({
        "room_id": str, "title": str, "aweme_id": str, "aweme_name": str, "first_seen": float, "last_seen": float,
    }, pk="room_id")
    db["sessions"].create({
        "id": str, "room_id": str, "title": str, "source": str,
        "started_at": float, "ended_at": float, "status": str, "end_reason": str, "notes": str,
        "room_started_at": float,  # the room's own start_time, to tell one broadcast of a room from the next
        "heartbeat_at": float, "recorder_pid": int, "recorder_host": str, "created_at": float,
    }, pk="id", not_null={"room_id", "status"}, defaults={"title": "", "notes": "", "end_reason": "", "source": ""})
    _index(db, "sessions", ["room_id", "started_at"])

    room_columns: dict[str, type] = {"id": int, "session_id": str, "ts": float, "status": str,
                                     "is_gap": int, "error": str}
    room_columns.update({name: float for name in ROOM_METRIC_NAMES})
    db[ROOM_SAMPLES].create(room_columns, pk="id", not_null={"session_id", "ts", "is_gap"},
                            defaults={"is_gap": 0})
    _index(db, ROOM_SAMPLES, ["session_id", "ts"])

    product_columns: dict[str, type] = {"id": int, "session_id": str, "ts": float, "product_id": str,
                                        "title": str, "explain_status": str, "position": int}
    product_columns.update({name: float for name in PRODUCT_NUMERIC_FIELDS})
    db[PRODUCT_SAMPLES].create(product_columns, pk="id", not_null={"session_id", "ts", "product_id"})
    _index(db, PRODUCT_SAMPLES, ["session_id", "ts"])

    # long tables: the labels (traffic sources, cities) are open-ended
    db["flow_samples"].create({"id": int, "session_id": str, "ts": float, "by": str, "source": str,
                               "value": float}, pk="id", not_null={"session_id", "ts"})
    _index(db, "flow_samples", ["session_id", "ts"])
    db["audience_samples"].create({"id": int, "session_id": str, "ts": float, "action_event": str,
                                   "dimension": str, "label": str, "value": float},
                                  pk="id", not_null={"session_id", "ts"})
    _index(db, "audience_samples", ["session_id", "ts"])

    db["orders"].create({
        "order_id": str, "session_id": str, "room_id": str, "product_id": str, "item_num": int,
        "pay_amount_fen": int, "order_amount_fen": int, "create_time": float, "update_time": float,
        "pay_time": float, "state": str, "buyer_mask": str,
    }, pk="order_id")
    _index(db, "orders", ["session_id", "create_time"])

    db["gaps"].create({"id": int, "session_id": str, "kind": str, "ts": float, "error": str},
                      pk="id", not_null={"kind", "ts"})
    _index(db, "gaps", ["session_id", "ts"])
    db["events"].create({"id": int, "session_id": str, "ts": float, "kind": str, "payload": str},
                        pk="id", not_null={"kind", "ts"}, defaults={"payload": "{}"})
    _index(db, "events", ["session_id", "ts"])


def create_planning_tables(db: Database) -> None:
    """Version 2: alert rules and fired alerts, A/B plans and their time slots."""
    db["alert_rules"].create({
        "id": int, "name": str, "metric": str, "condition": str, "severity": str, "enabled": int,
        "created_at": float, "updated_at": float,
    }, pk="id", not_null={"name"}, defaults={"condition": "{}", "enabled": 1})
    db["alert_rules"].create_index(["name"], unique=True, if_not_exists=True)
    db["alerts"].create({
        "id": int, "session_id": str, "rule": str, "metric": str, "severity": str, "fired_at": float,
        "resolved_at": float, "message": str, "acknowledged_at": float, "value": float,
    }, pk="id", not_null={"rule", "fired_at"})
    _index(db, "alerts", ["session_id", "fired_at"])
    db["ab_plans"].create({
        "id": str, "name": str, "room_id": str, "created_at": float, "status": str, "variants": str,
        "config": str, "notes": str,
    }, pk="id", defaults={"variants": "[]", "config": "{}", "notes": "", "status": "draft"})
    db["ab_slots"].create({
        "id": int, "plan_id": str, "slot_index": int, "variant": str, "starts_at": float, "ends_at": float,
        "session_id": str, "applied_at": float,
    }, pk="id", not_null={"plan_id", "slot_index"})
    _index(db, "ab_slots", ["plan_id", "slot_index"])
    _index(db, "ab_slots", ["session_id", "starts_at"])


def add_session_peak_cache(db: Database) -> None:
    """Version 3: the peak of the console's online estimate, cached per session for the sessions list (sources
    without a real online count, as the official APIs). `peak_online_est_upto` is the time of the last room sample
    it covers: a session that gained samples since (resumed) is estimated again."""
    db["sessions"].add_column("peak_online_est", float)
    db["sessions"].add_column("peak_online_est_upto", float)


def create_settlement_tables(db: Database) -> None:
    """Version 4: settling a session's 7-day ROI (storage.settlements). `settlements`: one row a session, its
    cut-off, how far the fetch got (`cursor_ts`: orders created before it are all stored; `cursor_page`: pages of
    the window starting there already stored), and once done the settled figures (fen). `settle_orders`: the
    orders of the settling fetch (the masked buyer only), apart from the ones polled live."""
    db["settlements"].create({
        "session_id": str, "room_id": str, "window_start": float, "window_end": float, "cutoff": float,
        "cursor_ts": float, "cursor_page": int, "status": str, "started_at": float, "settled_at": float,
        "ad_spend_fen": int, "paid_fen": int, "refunded_fen": int, "repurchase_fen": int, "sales_fen": int,
        "orders": int, "refunds": int, "repurchases": int, "roi": float, "error": str,
    }, pk="session_id", not_null={"status"}, defaults={"status": "pending", "cursor_page": 0, "error": ""})
    db["settle_orders"].create({
        "session_id": str, "order_id": str, "room_id": str, "product_id": str, "item_num": int,
        "pay_amount_fen": int, "order_amount_fen": int, "create_time": float, "update_time": float,
        "pay_time": float, "state": str, "buyer_mask": str,
    }, pk=("session_id", "order_id"))


def add_ab_run_state(db: Database) -> None:
    """Version 5: what an A/B plan's runner needs to survive a restart (storage.ab_store): the plan's start, pause
    and end times and time spent paused; each slot's state (planned/running/done/skipped), the planned switch
    time next to the confirmed one (`applied_at`), how late the switch was, and the metric after washout."""
    for name, kind in (("started_at", float), ("paused_at", float), ("ended_at", float), ("paused_s", float)):
        db["ab_plans"].add_column(name, kind)
    db["ab_slots"].add_column("status", str, not_null_default="planned")
    for name in ("planned_start", "late_s", "value"):
        db["ab_slots"].add_column(name, float)
    _index(db, "ab_plans", ["room_id", "status"])


def add_alert_languages(db: Database) -> None:
    """Version 6: an alert keeps its rule's id and its message in both languages, so review and reports show it
    in their language whatever the language it fired in. Rows from before get the id of a default rule found by
    its stored name (zh or en); their one message stays as it was."""
    table = db["alerts"]
    for column in ("rule_id", "message_zh", "message_en"):
        table.add_column(column, str)
    for name, in db.execute("SELECT DISTINCT rule FROM alerts").fetchall():
        rule_id = default_rule_id(name)
        if rule_id:
            db.execute("UPDATE alerts SET rule_id = ? WHERE rule = ?", [rule_id, name])


def add_session_channel_and_figures(db: Database) -> None:
    """Version 7: the channel a session was broadcast on (`douyin` for every recorded one; imports of other
    channels give theirs) and the session's base figures for the date-range history (core.history.metrics), cached
    as JSON with the time of the last room sample they cover (`figures_upto`): a session that gained samples since
    is summed up again."""
    db["sessions"].add_column("channel", str, not_null_default=DEFAULT_CHANNEL)
    db["sessions"].add_column("figures", str)
    db["sessions"].add_column("figures_upto", float)
    _index(db, "sessions", ["started_at"])


#: what settle_orders keeps of an order's delivery (storage.deliveries): the province and city of the masked address
#: (never a name, phone or street), the ship / logistics receipt / promised ship times, and when it was read
DELIVERY_COLUMNS: dict[str, type] = {"province": str, "city": str, "ship_time": float, "receipt_time": float,
                                     "exp_ship_time": float, "seen_at": float}


def add_delivery_columns(db: Database) -> None:
    """Version 8: the delivery facts of the orders the settling fetch stores (core.delivery measures the shop's
    delivery days per province from them)."""
    for name, kind in DELIVERY_COLUMNS.items():
        db["settle_orders"].add_column(name, kind)


#: room_samples' column saying which revision of core.derived its derived columns were written with (NULL: none)
DERIVED_REV = "derived_rev"


def add_room_derived_columns(db: Database) -> None:
    """Version 9: the derived figures of each room poll (core.derived: the per-minute rates, the online estimate...),
    as the live feed derived them while recording, one REAL column each, and `derived_rev` (the revision of the
    computation, core.derived.DERIVED_REVISION; NULL on rows recorded before, or without them): review reads them
    instead of deriving every sample again."""
    db[ROOM_SAMPLES].add_column(DERIVED_REV, int)
    have = set(db[ROOM_SAMPLES].columns_dict)
    for name in DERIVED_NAMES:
        if name not in have:
            db[ROOM_SAMPLES].add_column(name, float)


def sync_metric_columns(db: Database) -> list[str]:
    """Add a column for every registry metric (and derived metric) a wide table lacks (the registry grew); returns
    what was added."""
    added: list[str] = []
    for table, names in ((ROOM_SAMPLES, ROOM_METRIC_NAMES + DERIVED_NAMES),
                         (PRODUCT_SAMPLES, PRODUCT_NUMERIC_FIELDS)):
        if not db[table].exists():
            continue
        have = set(db[table].columns_dict)
        for name in names:
            if name not in have:
                db[table].add_column(name, float)
                added.append(f"{table}.{name}")
    return added
