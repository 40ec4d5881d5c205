"""The room metrics the console knows, named as the Qianchuan API names them (see shared/API.md).

This registry is the single source of truth for: the fields the client asks for, the columns of the wide
`room_samples` table, the columns of a CSV export, and the labels in the UI. Fields marked `confirmed=False`
are not in the public SDKs; the demo room serves them and a real source may leave them missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(str, Enum):
    COUNTER = "counter"  # cumulative for the room so far; never decreases
    GAUGE = "gauge"  # a level or a rate the platform computes


class Unit(str, Enum):
    COUNT = "count"
    YUAN = "yuan"
    RATIO = "ratio"  # 0..1 (or a multiple, for ROI)
    SECONDS = "seconds"


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    kind: Kind
    unit: Unit
    zh: str
    en: str
    confirmed: bool = True


_C, _G = Kind.COUNTER, Kind.GAUGE
_N, _Y, _R = Unit.COUNT, Unit.YUAN, Unit.RATIO

#: every numeric field of `today_live/room/get/` the console records, in display order
ROOM_METRICS: tuple[Metric, ...] = (
    Metric("total_live_watch_cnt", _C, _N, "累计观看人次", "Total views"),
    Metric("live_watch_one_minute_count", _C, _N, "超1分钟观看人次", "Views over 1 min"),
    Metric("total_live_show_cnt", _C, _N, "直播间曝光次数", "Room impressions", confirmed=False),
    Metric("total_live_like_cnt", _C, _N, "点赞次数", "Likes", confirmed=False),
    Metric("total_live_comment_cnt", _C, _N, "评论次数", "Comments"),
    Metric("total_live_share_cnt", _C, _N, "分享次数", "Shares"),
    Metric("total_live_follow_cnt", _C, _N, "新增关注", "New follows"),
    Metric("total_live_fans_club_join_cnt", _C, _N, "加入粉丝团", "Fan-club joins"),
    Metric("total_live_gift_cnt", _C, _N, "送礼次数", "Gifts"),
    Metric("total_live_gift_amount", _C, _Y, "礼物金额", "Gift amount"),
    Metric("live_product_show_cnt_alias", _C, _N, "商品曝光次数", "Product impressions", confirmed=False),
    Metric("live_click_product_count_alias", _C, _N, "商品点击次数", "Product clicks"),
    Metric("live_click_cart_count_alias", _C, _N, "购物车点击次数", "Cart clicks"),
    Metric("live_create_order_count_alias", _C, _N, "下单数", "Orders created"),
    Metric("live_pay_order_count_alias", _C, _N, "成交订单数", "Paid orders"),
    Metric("live_pay_order_gmv_alias", _C, _Y, "成交金额", "GMV"),
    Metric("stat_cost", _C, _Y, "广告消耗", "Ad spend"),
    Metric("click_cnt", _C, _N, "广告点击", "Ad clicks"),
    Metric("convert_cnt", _C, _N, "广告转化数", "Ad conversions"),
    Metric("live_order_settle_amount_7d", _C, _Y, "7日结算金额", "7-day settled amount"),
    Metric("live_order_settle_count_7d", _C, _N, "7日结算订单", "7-day settled orders"),
    Metric("live_order_refund_amount_7d", _C, _Y, "7日退款金额", "7-day refunds"),
    Metric("ctr", _G, _R, "广告点击率", "Ad CTR"),
    Metric("cpm_platform", _G, _Y, "千次展现费用", "CPM"),
    Metric("convert_rate", _G, _R, "广告转化率", "Ad conversion rate"),
    Metric("live_create_order_rate", _G, _R, "下单率", "Order rate"),
    Metric("live_pay_order_rate", _G, _R, "成交率", "Pay rate"),
    Metric("live_pay_order_gmv_roi", _G, _R, "直播成交ROI(GMV/消耗)", "Live ROI (GMV/cost)"),
    Metric("total_live_pay_order_gpm", _G, _Y, "千次观看成交额", "GPM"),
    Metric("ad_live_order_settle_roi_7d", _G, _R, "7日结算ROI(平台)", "7-day settle ROI (platform)"),
    Metric("online_user_cnt", _G, _N, "实时在线人数", "Online now", confirmed=False),
)

ROOM_METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in ROOM_METRICS)
ROOM_COUNTERS: tuple[str, ...] = tuple(m.name for m in ROOM_METRICS if m.kind is Kind.COUNTER)
BY_NAME: dict[str, Metric] = {m.name: m for m in ROOM_METRICS}

#: the real concurrent-online count; only a source that has one (the demo room) sends it
REAL_ONLINE = "online_user_cnt"

#: traffic sources of `today_live/room/flow_performance/get/`, in API order; paid ones are Qianchuan ads
FLOW_SOURCES: tuple[str, ...] = (
    "nature",
    "video_to_live",
    "homepage_hot",
    "live_merge",
    "homepage_fresh",
    "homepage_follow",
    "general_search",
    "others_homepage",
    "douyin_shopping_center",
    "activity",
    "live_pc_qian_chuan",
    "live_xiao_dian_qian_chuan",
    "ecom_other",
)
PAID_FLOW_SOURCES: frozenset[str] = frozenset({"live_pc_qian_chuan", "live_xiao_dian_qian_chuan"})
FLOW_SOURCE_ZH: dict[str, str] = {
    "nature": "自然流量",
    "video_to_live": "短视频引流",
    "homepage_hot": "推荐feed",
    "live_merge": "直播广场",
    "homepage_fresh": "同城",
    "homepage_follow": "关注",
    "general_search": "搜索",
    "others_homepage": "个人主页",
    "douyin_shopping_center": "抖音商城",
    "activity": "活动页",
    "live_pc_qian_chuan": "千川PC版",
    "live_xiao_dian_qian_chuan": "小店随心推",
    "ecom_other": "其他",
}

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

AUDIENCE_DIMENSIONS: tuple[str, ...] = ("CITY", "GENDER", "AGE")
AUDIENCE_EVENTS: tuple[str, ...] = ("ENTER", "PAY")
