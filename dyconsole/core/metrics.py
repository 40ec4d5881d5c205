"""The room metrics the console records, named as the Qianchuan API names them (see shared/API.md).

This is the list of fields the client asks for, the columns of the wide `room_samples` table and of a CSV export
(in display order), with the traffic sources and audience codes the client reads. Labels, units and kinds come from
core.glossary (`ROOM_METRICS` is the glossary's view of these fields). Fields marked `confirmed=False` are not in
the public SDKs; the demo room serves them and a real source may leave them missing.
"""

from __future__ import annotations

from dyconsole.core.glossary import (
    AUDIENCE_DIMENSION_NAMES,
    AUDIENCE_EVENT_NAMES,
    FLOW_SOURCE_NAMES,
    ROOM_TERMS,
    Kind,
    Term,
)

Metric = Term

#: every numeric field of `today_live/room/get/` the console records, in display order (glossary entries)
ROOM_METRICS: tuple[Metric, ...] = ROOM_TERMS
ROOM_METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in ROOM_METRICS)
ROOM_COUNTERS: tuple[str, ...] = tuple(m.name for m in ROOM_METRICS if m.kind is Kind.COUNTER)
BY_NAME: dict[str, Metric] = {m.name: m for m in ROOM_METRICS}

#: the real concurrent-online count; only a source that has one (the demo room) sends it
REAL_ONLINE = "online_user_cnt"

#: traffic sources of `today_live/room/flow_performance/get/`, in API order; paid ones are Qianchuan ads
FLOW_SOURCES: tuple[str, ...] = tuple(FLOW_SOURCE_NAMES)
PAID_FLOW_SOURCES: frozenset[str] = frozenset({"live_pc_qian_chuan", "live_xiao_dian_qian_chuan"})

#: product fields of `today_live/room/product_list/get/` that are numbers (quirky names kept exactly)
PRODUCT_NUMERIC_FIELDS: tuple[str, ...] = (
    "live_product_explain_cnt",
    "live_product_price",
    "live_product_Inventory",
    "live_cost_per_product",
    "live_pay_order_gmv_alias",
    "live_pay_order_count_alias",
    "product_click_pay_ucnt_ratio",
    "live_order_settle_amount_7d",
    "live_product_show_cnt_alias",  # unconfirmed; the demo room serves it
    "live_click_product_count_alias",  # unconfirmed; the demo room serves it
)

AUDIENCE_DIMENSIONS: tuple[str, ...] = tuple(AUDIENCE_DIMENSION_NAMES)
AUDIENCE_EVENTS: tuple[str, ...] = tuple(AUDIENCE_EVENT_NAMES)
