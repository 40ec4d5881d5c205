"""Every metric the console names, as one table: the API's room fields (names kept exactly, quirks included), the
derived metrics of core.derived, the whole-session figures of the KPI tiles and the comparison, the funnel
stages, and one product's fields and figures (the product board, the report's products table). Each entry has its key, zh and en label, unit and kind; the lookups are in core.glossary.

Where the old per-feature tables disagreed, the operator's word was chosen once: 成交订单 for paid orders; one GPM
and one live-ROI label for the console's figure (the platform's own GPM and ROI fields say 平台); 在线人数 for
the online figure (the platform's real count says 平台).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    COUNTER = "counter"  # an API field, cumulative for the room so far; never decreases
    GAUGE = "gauge"  # an API field: a level or a rate the platform computes
    DERIVED = "derived"  # computed by the console from the room samples (core.derived)
    SESSION = "session"  # a whole-session figure (KPI tiles, the comparison)
    STAGE = "stage"  # a stage of the sales funnel (core.funnel)
    RUNTIME = "runtime"  # known only while live (data age)
    PRODUCT = "product"  # one product's field or figure (the product board, the report's products table)
    EXPERIMENT = "experiment"  # a figure of an A/B run plan (core.experiments)
    REGION = "region"  # one region's figure in the delivery view (core.delivery): audience shares, delivery days


#: display units: count, per_min, yuan, yuan_per_min, ratio (0..1, shown as %), multiple (ROI), seconds, flag (0/1),
#: days (delivery times)
UNITS: frozenset[str] = frozenset({"count", "per_min", "yuan", "yuan_per_min", "ratio", "multiple", "seconds", "flag",
                                   "days"})


@dataclass(frozen=True, slots=True)
class Term:
    key: str  # for an API field, the field's name exactly as the API spells it
    zh: str
    en: str
    unit: str  # one of UNITS
    kind: Kind
    aliases: tuple[str, ...] = ()  # other names a user may type (the CLI's --metrics)
    confirmed: bool = True  # API fields: False when not in the public SDKs (the demo room serves it)

    @property
    def name(self) -> str:
        return self.key

    def label(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh


_C, _G, _D, _S = Kind.COUNTER, Kind.GAUGE, Kind.DERIVED, Kind.SESSION

#: every numeric field of `today_live/room/get/` the console records, in display order
ROOM_TERMS: tuple[Term, ...] = (
    Term("total_live_watch_cnt", "累计观看人次", "Total views", "count", _C, ("views",)),
    Term("live_watch_one_minute_count", "超1分钟观看人次", "Views over 1 min", "count", _C),
    Term("total_live_show_cnt", "直播间曝光次数", "Room impressions", "count", _C, confirmed=False),
    Term("total_live_like_cnt", "点赞次数", "Likes", "count", _C, ("likes",), confirmed=False),
    Term("total_live_comment_cnt", "评论次数", "Comments", "count", _C, ("comments",)),
    Term("total_live_share_cnt", "分享次数", "Shares", "count", _C, ("shares",)),
    Term("total_live_follow_cnt", "新增关注", "New follows", "count", _C, ("follows",)),
    Term("total_live_fans_club_join_cnt", "加入粉丝团", "Fan-club joins", "count", _C),
    Term("total_live_gift_cnt", "送礼次数", "Gifts", "count", _C),
    Term("total_live_gift_amount", "礼物金额", "Gift amount", "yuan", _C),
    Term("live_product_show_cnt_alias", "商品曝光次数", "Product impressions", "count", _C, confirmed=False),
    Term("live_click_product_count_alias", "商品点击次数", "Product clicks", "count", _C, ("product_clicks",)),
    Term("live_click_cart_count_alias", "购物车点击次数", "Cart clicks", "count", _C),
    Term("live_create_order_count_alias", "下单数", "Orders created", "count", _C),
    Term("live_pay_order_count_alias", "成交订单", "Paid orders", "count", _C, ("paid_orders",)),
    Term("live_pay_order_gmv_alias", "成交金额", "GMV", "yuan", _C, ("gmv",)),
    Term("stat_cost", "广告消耗", "Ad spend", "yuan", _C, ("ad_spend",)),
    Term("click_cnt", "广告点击", "Ad clicks", "count", _C),
    Term("convert_cnt", "广告转化数", "Ad conversions", "count", _C),
    Term("live_order_settle_amount_7d", "7日结算金额", "7-day settled amount", "yuan", _C),
    Term("live_order_settle_count_7d", "7日结算订单", "7-day settled orders", "count", _C),
    Term("live_order_refund_amount_7d", "7日退款金额", "7-day refunds", "yuan", _C),
    Term("ctr", "广告点击率", "Ad CTR", "ratio", _G),
    Term("cpm_platform", "千次展现费用", "CPM", "yuan", _G),
    Term("convert_rate", "广告转化率", "Ad conversion rate", "ratio", _G),
    Term("live_create_order_rate", "下单率", "Order rate", "ratio", _G),
    Term("live_pay_order_rate", "成交率", "Pay rate", "ratio", _G),
    Term("live_pay_order_gmv_roi", "直播成交ROI(平台)", "Live ROI (platform)", "multiple", _G),
    Term("total_live_pay_order_gpm", "千次观看成交额(平台)", "GPM (platform)", "yuan", _G),
    Term("ad_live_order_settle_roi_7d", "7日结算ROI(平台)", "7-day settle ROI (platform)", "multiple", _G),
    Term("online_user_cnt", "在线人数(平台)", "Online (platform)", "count", _G, confirmed=False),
)

#: the derived metrics of core.derived, in its column order
DERIVED_TERMS: tuple[Term, ...] = (
    Term("online", "在线人数", "Online", "count", _D),
    Term("online_estimate", "在线人数(估算)", "Online (estimate)", "count", _D),
    Term("online_is_estimate", "在线人数为估算", "Online is an estimate", "flag", _D),
    Term("avg_dwell_s", "平均停留时长(估算)", "Avg stay (estimate)", "seconds", _D),
    # the share of the viewers inside who have stayed 3 minutes or more (core.estimate), with its range
    Term("long_stay_share", "停留超3分钟占比(估算)", "Stayed 3 min+ (estimate)", "ratio", _D, ("past_3min",)),
    Term("long_stay_share_low", "停留超3分钟占比下限(估算)", "Stayed 3 min+, low (estimate)", "ratio", _D),
    Term("long_stay_share_high", "停留超3分钟占比上限(估算)", "Stayed 3 min+, high (estimate)", "ratio", _D),
    Term("entries_per_min", "每分钟进入人次", "Entries / min", "per_min", _D),
    Term("likes_per_min", "每分钟点赞", "Likes / min", "per_min", _D),
    Term("comments_per_min", "每分钟评论", "Comments / min", "per_min", _D),
    Term("shares_per_min", "每分钟分享", "Shares / min", "per_min", _D),
    Term("follows_per_min", "每分钟关注", "Follows / min", "per_min", _D),
    Term("interactions_per_min", "每分钟互动", "Interactions / min", "per_min", _D),
    Term("interaction_rate", "互动率", "Interaction rate", "ratio", _D),
    Term("product_clicks_per_min", "每分钟商品点击", "Product clicks / min", "per_min", _D),
    Term("product_click_rate", "商品点击率", "Product click rate", "ratio", _D),
    Term("paid_orders_per_min", "每分钟成交订单", "Paid orders / min", "per_min", _D),
    Term("conversion_rate", "成交转化率", "Conversion rate", "ratio", _D, ("conversion",)),
    Term("gmv_per_min", "每分钟成交金额", "GMV / min", "yuan_per_min", _D),
    Term("ad_cost_per_min", "每分钟广告消耗", "Ad spend / min", "yuan_per_min", _D),
    Term("gpm", "千次观看成交额", "GPM", "yuan", _D),
    Term("live_roi", "直播ROI(GMV/消耗)", "Live ROI (GMV/cost)", "multiple", _D, ("roi",)),
)

#: runtime-only: seconds since the last good room sample (the live feed computes it; never exported)
DATA_AGE_TERM = Term("data_age_s", "数据延迟", "Data age", "seconds", Kind.RUNTIME)

#: whole-session figures of the KPI tiles and the comparison that are no API field nor derived column
SESSION_TERMS: tuple[Term, ...] = (
    Term("peak_online", "最高在线", "Peak online", "count", _S),
    Term("avg_online", "平均在线", "Average online", "count", _S),
    Term("length_s", "直播时长", "Duration", "seconds", _S),
    Term("interactions", "互动次数", "Interactions", "count", _S),
    Term("alert_count", "告警次数", "Alerts", "count", _S),
    # the console's 7-day ROI (core.roi, core.roi_projection): net of refunds, repurchases included; the live
    # projection and the settled figure are labelled apart, and apart from the platform's GMV/cost ROI
    Term("roi7_projected", "7日ROI（预估）", "7-day ROI (projected)", "multiple", _S),
    Term("roi7_settled", "7日ROI（结算）", "7-day ROI (settled)", "multiple", _S),
    Term("roi7_range", "7日ROI预估区间(90%)", "7-day ROI range (90%)", "multiple", _S),
    Term("sales_7d", "7日销售额(含复购)", "7-day sales (with repurchases)", "yuan", _S),
    Term("paid_in_session", "场内成交额", "Paid in the session", "yuan", _S),
    Term("refunded_7d", "7日内退款额", "Refunded within 7 days", "yuan", _S),
    Term("repurchase_7d", "7日复购额", "7-day repurchases", "yuan", _S),
    Term("repurchase_orders_7d", "7日复购订单", "7-day repurchase orders", "count", _S),
    # the run of show (core.run_of_show): one segment's figures (its stay and share are the derived words)
    Term("segment_length_s", "段落时长", "Segment length", "seconds", _S),
    Term("segment_entries", "段内进入人次", "Entries in segment", "count", _S),
    Term("segment_gmv", "段内成交金额", "GMV in segment", "yuan", _S),
    Term("segment_conversion_range", "段内成交转化率区间(90%)", "Segment conversion range (90%)", "ratio", _S),
    # conversion against stay (core.dwell): orders per 1000 viewer-minutes by band of the share past 3 minutes,
    # and how many times a viewer past 3 minutes buys what a newcomer buys (an association over the broadcast)
    Term("orders_per_k_viewer_min", "每千观看分钟成交订单", "Paid orders / 1000 viewer-min", "count", _S),
    Term("stay_lift", "超3分钟观众购买倍数(估算)", "Buying lift past 3 min (estimate)", "multiple", _S),
    Term("stay_lift_range", "购买倍数区间(90%)", "Buying lift range (90%)", "multiple", _S),
    Term("session_count", "直播场次数", "Sessions", "count", _S),  # a date range's broadcasts (core.history)
    # forecasts (core.forecast): labelled forecasts, each with its 80% interval
    Term("gmv_forecast", "预测成交金额", "GMV forecast", "yuan", _S),  # the broadcast's end, live
    Term("orders_forecast", "预测成交订单", "Orders forecast", "count", _S),
    Term("forecast_low", "预测区间下限(80%)", "Forecast 80% low", "yuan", _S),
    Term("forecast_high", "预测区间上限(80%)", "Forecast 80% high", "yuan", _S),
    Term("planned_gmv_forecast", "预测成交金额（按日）", "GMV forecast (by date)", "yuan", _S),
)

#: the funnel's stages (core.funnel.STAGES names each stage's counter), keyed funnel_<stage key>
STAGE_TERMS: tuple[Term, ...] = (
    Term("funnel_impressions", "曝光", "Impressions", "count", Kind.STAGE),
    Term("funnel_entries", "进入", "Entries", "count", Kind.STAGE),
    Term("funnel_product_impressions", "商品曝光", "Product impressions", "count", Kind.STAGE),
    Term("funnel_clicks", "点击", "Clicks", "count", Kind.STAGE),
    Term("funnel_orders", "下单", "Orders created", "count", Kind.STAGE),
    Term("funnel_paid", "成交", "Paid orders", "count", Kind.STAGE),
)

#: one product's fields (core.metrics.PRODUCT_NUMERIC_FIELDS not already named above: a product's clicks,
#: impressions, paid orders, GMV and 7-day settled amount are the room counters' words) and the figures the product
#: board derives per product (core.products.board). Orders created per product (the shop's orders) are
#: live_create_order_count_alias.
PRODUCT_TERMS: tuple[Term, ...] = (
    Term("product_position", "排位", "Position", "count", Kind.PRODUCT),
    Term("product_explaining", "讲解中", "Explaining now", "flag", Kind.PRODUCT),
    Term("product_sold_out", "售罄", "Sold out", "flag", Kind.PRODUCT),
    Term("product_surging", "激增", "Surging", "flag", Kind.PRODUCT),  # a click-surge hint is up (core.products.surge)
    Term("product_appeal", "吸引力", "Appeal", "multiple", Kind.PRODUCT),  # against the median product, position and explanation corrected (core.products.appeal)
    Term("live_product_price", "价格", "Price", "yuan", Kind.PRODUCT),
    Term("live_product_Inventory", "库存", "Stock", "count", Kind.PRODUCT),
    Term("live_product_explain_cnt", "讲解次数", "Times explained", "count", Kind.PRODUCT),
    Term("live_cost_per_product", "分摊广告消耗", "Ad spend share", "yuan", Kind.PRODUCT),
    Term("product_click_pay_ucnt_ratio", "点击成交率", "Click-to-pay", "ratio", Kind.PRODUCT),
    Term("product_ctr", "点击率", "CTR", "ratio", Kind.PRODUCT),  # clicks / impressions of the product
    Term("product_order_rate", "下单转化率", "Order conversion", "ratio", Kind.PRODUCT),  # orders created / clicks
    Term("product_pay_rate", "支付转化率", "Pay conversion", "ratio", Kind.PRODUCT),  # paid / orders created
)

#: the figures of an A/B run plan (core.experiments): the verdict's effect and the planner's power figures
EXPERIMENT_TERMS: tuple[Term, ...] = (
    # the treatment's relative effect vs the control (0.12 = 12% higher) and its interval
    Term("ab_effect", "相对效果", "Relative effect", "ratio", Kind.EXPERIMENT),
    Term("ab_interval_lo", "区间下限", "Interval low", "ratio", Kind.EXPERIMENT),
    Term("ab_interval_hi", "区间上限", "Interval high", "ratio", Kind.EXPERIMENT),
    Term("ab_slot_value", "时段指标值", "Slot value", "count", Kind.EXPERIMENT),  # in the plan metric's own unit
    Term("ab_slots_used", "已用时段", "Slots used", "count", Kind.EXPERIMENT),
    Term("ab_more_slots", "还需时段", "More slots needed", "count", Kind.EXPERIMENT),
    Term("ab_late_s", "切换延迟", "Switch delay", "seconds", Kind.EXPERIMENT),
    # the sd of adjacent slots' log-ratio (core.experiments.power.slot_noise)
    Term("ab_slot_noise", "时段间波动", "Slot-to-slot noise", "ratio", Kind.EXPERIMENT),
    Term("ab_detectable_effect", "可检出的最小效果", "Smallest detectable effect", "ratio", Kind.EXPERIMENT),
    Term("ab_slot_minutes", "时段长度", "Slot length", "seconds", Kind.EXPERIMENT),
    Term("ab_washout_minutes", "过渡期", "Washout", "seconds", Kind.EXPERIMENT),
)

#: one region's figures in the delivery view (core.delivery): the audience's shares from the ENTER/PAY city
#: breakdowns, the shop's delivery days (ship time to logistics receipt) from its past Doudian orders
REGION_TERMS: tuple[Term, ...] = (
    Term("viewer_share", "观众占比", "Share of viewers", "ratio", Kind.REGION),
    Term("buyer_share", "买家占比", "Share of buyers", "ratio", Kind.REGION),
    Term("delivery_median_days", "送达天数(中位)", "Delivery days (median)", "days", Kind.REGION),
    Term("delivery_median_range", "中位数90%区间", "Median 90% range", "days", Kind.REGION),
    Term("delivery_p90_days", "送达天数(90%)", "Delivery days (p90)", "days", Kind.REGION),
    Term("delivered_orders", "已签收订单", "Delivered orders", "count", Kind.REGION),
    Term("in_transit_orders", "运输中订单", "Orders in transit", "count", Kind.REGION),
)

ALL_TERMS: tuple[Term, ...] = (*ROOM_TERMS, *DERIVED_TERMS, DATA_AGE_TERM, *SESSION_TERMS, *STAGE_TERMS,
                               *PRODUCT_TERMS, *EXPERIMENT_TERMS, *REGION_TERMS)
