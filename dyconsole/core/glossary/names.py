"""The names of the things the numbers are broken down by, zh and en: traffic sources (the `AllEcomFlowSource` /
`AllEcomGmvSource` keys of `today_live/room/flow_performance/get/`, in API order) and the audience's events,
dimensions and groups (the codes of `today_live/room/user/get/`).
"""

from __future__ import annotations

#: traffic source -> (zh, en), in API order
FLOW_SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "nature": ("自然流量", "Organic"),
    "video_to_live": ("短视频引流", "Short video"),
    "homepage_hot": ("推荐feed", "Recommended feed"),
    "live_merge": ("直播广场", "Live square"),
    "homepage_fresh": ("同城", "Nearby"),
    "homepage_follow": ("关注", "Following"),
    "general_search": ("搜索", "Search"),
    "others_homepage": ("个人主页", "Profile page"),
    "douyin_shopping_center": ("抖音商城", "Douyin Mall"),
    "activity": ("活动页", "Campaign page"),
    "live_pc_qian_chuan": ("千川PC版", "Qianchuan PC"),
    "live_xiao_dian_qian_chuan": ("小店随心推", "Xiaodian Suixintui"),
    "ecom_other": ("其他", "Other"),
}

#: audience action event -> (zh, en)
AUDIENCE_EVENT_NAMES: dict[str, tuple[str, str]] = {
    "ENTER": ("进入观众", "Viewers"),
    "PAY": ("成交用户", "Buyers"),
}
#: audience dimension -> (zh, en)
AUDIENCE_DIMENSION_NAMES: dict[str, tuple[str, str]] = {
    "CITY": ("城市", "City"),
    "GENDER": ("性别", "Gender"),
    "AGE": ("年龄", "Age"),
}
#: audience group codes the API sends for gender and age -> (zh, en); cities come in Chinese and stay as sent
AUDIENCE_GROUP_NAMES: dict[str, tuple[str, str]] = {
    "FEMALE": ("女", "Female"),
    "MALE": ("男", "Male"),
    "UNKNOWN": ("未知", "Unknown"),
    "AGE_18_23": ("18-23岁", "18-23"),
    "AGE_24_30": ("24-30岁", "24-30"),
    "AGE_31_40": ("31-40岁", "31-40"),
    "AGE_41_50": ("41-50岁", "41-50"),
    "AGE_ABOVE_50": ("50岁以上", "50+"),
}
AUDIENCE_NAMES: dict[str, tuple[str, str]] = {**AUDIENCE_EVENT_NAMES, **AUDIENCE_DIMENSION_NAMES,
                                              **AUDIENCE_GROUP_NAMES}


def _pick(names: tuple[str, str], lang: str) -> str:
    return names[1] if lang.startswith("en") else names[0]


def source_label(source: str, lang: str = "zh") -> str:
    """A traffic source's name in `lang` ('zh' or 'en'); the source key itself when unknown."""
    names = FLOW_SOURCE_NAMES.get(source)
    return _pick(names, lang) if names else source


def audience_label(code: str, lang: str = "zh") -> str:
    """An audience event, dimension or group code in words; the code itself when unknown (a city's name)."""
    names = AUDIENCE_NAMES.get(code)
    return _pick(names, lang) if names else code
