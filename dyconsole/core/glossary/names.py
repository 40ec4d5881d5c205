"""The names of the things the numbers are broken down by, zh and en: traffic sources (the `AllEcomFlowSource` /
`AllEcomGmvSource` keys of `today_live/room/flow_performance/get/`, in API order) and the audience's events,
dimensions and groups (the codes of `today_live/room/user/get/`), and the places the audience endpoint names in
Chinese (provinces and major cities, and 其他 for the rest), with their English names.
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
#: audience group codes the API sends for gender and age -> (zh, en); cities come in Chinese (PLACE_NAMES)
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

#: the provincial-level divisions and the major cities, as the audience endpoint sends them (zh) -> English; a
#: place not here keeps its Chinese name in English too (never a wrong guess)
PLACE_NAMES: dict[str, str] = {
    # provinces, municipalities, autonomous regions, SARs
    "北京": "Beijing", "天津": "Tianjin", "上海": "Shanghai", "重庆": "Chongqing", "河北": "Hebei",
    "山西": "Shanxi", "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "江苏": "Jiangsu",
    "浙江": "Zhejiang", "安徽": "Anhui", "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan",
    "湖北": "Hubei", "湖南": "Hunan", "广东": "Guangdong", "海南": "Hainan", "四川": "Sichuan", "贵州": "Guizhou",
    "云南": "Yunnan", "陕西": "Shaanxi", "甘肃": "Gansu", "青海": "Qinghai", "台湾": "Taiwan",
    "内蒙古": "Inner Mongolia", "广西": "Guangxi", "西藏": "Tibet", "宁夏": "Ningxia", "新疆": "Xinjiang",
    "香港": "Hong Kong", "澳门": "Macao",
    # major cities
    "广州": "Guangzhou", "深圳": "Shenzhen", "成都": "Chengdu", "杭州": "Hangzhou", "武汉": "Wuhan",
    "西安": "Xi'an", "南京": "Nanjing", "苏州": "Suzhou", "长沙": "Changsha", "郑州": "Zhengzhou",
    "东莞": "Dongguan", "青岛": "Qingdao", "沈阳": "Shenyang", "宁波": "Ningbo", "昆明": "Kunming",
    "合肥": "Hefei", "佛山": "Foshan", "无锡": "Wuxi", "厦门": "Xiamen", "哈尔滨": "Harbin", "济南": "Jinan",
    "福州": "Fuzhou", "温州": "Wenzhou", "大连": "Dalian", "长春": "Changchun", "石家庄": "Shijiazhuang",
    "南宁": "Nanning", "贵阳": "Guiyang", "南昌": "Nanchang", "太原": "Taiyuan", "常州": "Changzhou",
    "泉州": "Quanzhou", "金华": "Jinhua", "嘉兴": "Jiaxing", "绍兴": "Shaoxing", "台州": "Taizhou",
    "徐州": "Xuzhou", "南通": "Nantong", "惠州": "Huizhou", "珠海": "Zhuhai", "中山": "Zhongshan",
    "烟台": "Yantai", "潍坊": "Weifang", "临沂": "Linyi", "洛阳": "Luoyang", "兰州": "Lanzhou",
    "乌鲁木齐": "Urumqi", "呼和浩特": "Hohhot", "海口": "Haikou", "三亚": "Sanya", "银川": "Yinchuan",
    "西宁": "Xining", "拉萨": "Lhasa", "扬州": "Yangzhou", "保定": "Baoding", "唐山": "Tangshan",
    "芜湖": "Wuhu", "赣州": "Ganzhou", "汕头": "Shantou", "江门": "Jiangmen", "湛江": "Zhanjiang",
    "绵阳": "Mianyang", "宜昌": "Yichang", "襄阳": "Xiangyang", "株洲": "Zhuzhou", "岳阳": "Yueyang",
    "柳州": "Liuzhou", "桂林": "Guilin", "遵义": "Zunyi", "大理": "Dali",
    # the rest, as the endpoint groups it
    "其他": "Other", "未知": "Unknown",
}
#: the administrative suffixes a place may come with (杭州市, 浙江省, 广西壮族自治区)
PLACE_SUFFIXES: tuple[str, ...] = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市")


#: the channels a session can come from: recorded here (douyin) or imported from another platform's export
CHANNEL_NAMES: dict[str, tuple[str, str]] = {
    "douyin": ("抖音", "Douyin"),
    "kuaishou": ("快手", "Kuaishou"),
    "taobao_live": ("淘宝直播", "Taobao Live"),
    "wechat_channels": ("视频号", "WeChat Channels"),
}


def _named(table: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    names = table.get(key)
    return _pick(names, lang) if names else key


def channel_label(channel: str, lang: str = "zh") -> str:
    """A channel's name in `lang`, or its code when unknown."""
    return _named(CHANNEL_NAMES, channel, lang)


def _pick(names: tuple[str, str], lang: str) -> str:
    return names[1] if lang.startswith("en") else names[0]


def source_label(source: str, lang: str = "zh") -> str:
    """A traffic source's name in `lang` ('zh' or 'en'); the source key itself when unknown."""
    names = FLOW_SOURCE_NAMES.get(source)
    return _pick(names, lang) if names else source


def place_label(place: str, lang: str = "zh") -> str:
    """A place the audience endpoint names (in Chinese) in `lang`: as sent in Chinese; in English from
    PLACE_NAMES (its administrative suffix ignored), else as sent."""
    if not lang.startswith("en"):
        return place
    if place in PLACE_NAMES:
        return PLACE_NAMES[place]
    return PLACE_NAMES.get(bare_place(place), place)


def bare_place(place: str) -> str:
    """`place` without its administrative suffix (PLACE_SUFFIXES: 浙江省 -> 浙江, 新疆维吾尔自治区 -> 新疆); as sent when it
    has none."""
    return next((place[: -len(s)] for s in PLACE_SUFFIXES if place.endswith(s) and len(place) > len(s)), place)


def audience_label(code: str, lang: str = "zh") -> str:
    """An audience event, dimension or group code in words, or a city (place_label) in `lang`."""
    names = AUDIENCE_NAMES.get(code)
    return _pick(names, lang) if names else place_label(code, lang)


#: mainland provinces (short zh name as the console stores it -> (zh, en)), in GB/T 2260 code order; the delivery
#: view's regions (core.delivery). The Doudian address sends full names (江苏省, 新疆维吾尔自治区): see
#: core.delivery.province_key.
PROVINCE_NAMES: dict[str, tuple[str, str]] = {key: (key, PLACE_NAMES[key]) for key in (
    "北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏", "浙江", "安徽", "福建", "江西",
    "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃",
    "青海", "宁夏", "新疆")}  # the English names are the audience's (PLACE_NAMES): one definition of each
#: the audience's "other cities" bucket and regions no province stands for -> (zh, en)
OTHER_REGION = "其他"
REGION_NAMES: dict[str, tuple[str, str]] = {**PROVINCE_NAMES, OTHER_REGION: ("其他地区", "Other regions")}


def region_label(key: str, lang: str = "zh") -> str:
    """A province (or the other-regions bucket) in words; the key itself when unknown."""
    names = REGION_NAMES.get(key)
    return _pick(names, lang) if names else key


#: the words of importing another channel's export (core.imports): what a column of the file is, the money units
#: the exports use, and the two shapes of their rows
IMPORT_NAMES: dict[str, tuple[str, str]] = {
    "start": ("开播时间", "Start time"),
    "end": ("下播时间", "End time"),
    "duration_min": ("直播时长(分钟)", "Length (minutes)"),
    "minute": ("分钟时间", "Minute"),
    "session_key": ("场次标识", "Session key"),
    "title": ("直播标题", "Title"),
    "room": ("直播间/账号", "Room / account"),
    "yuan": ("元", "yuan"),
    "wan_yuan": ("万元", "10k yuan"),
    "fen": ("分", "fen"),
    "per_session": ("每行一场", "One row a session"),
    "per_minute": ("每行一分钟", "One row a minute"),
    # why a row cannot be imported
    "bad_time": ("不是日期时间(如 2024-05-01 20:00:00)", "not a date and time (e.g. 2024-05-01 20:00:00)"),
    "bad_number": ("数字列中有文字", "text in a number column"),
    "negative": ("数值为负", "a negative figure"),
    "bad_end": ("没有结束时间, 或结束早于开始", "no end, or an end before the start"),
    "dup_file": ("同一场次在文件中出现两次", "the same session twice in the file"),
    "dup_db": ("该场次已导入过", "this session was imported already"),
    "no_column": ("文件缺少此列", "the file has no such column"),
    "no_rows": ("文件没有数据行", "the file has no data rows"),
    # why a whole file or mapping cannot be imported (core.imports.messages)
    "file_empty": ("文件是空的", "the file is empty"),
    "file_encoding": ("文件不是可识别编码的文本（已尝试 {tried}，均失败）：请另存为 CSV UTF-8 或 XLSX",
                      "the file is not text in any encoding tried: {tried} failed; save it as CSV UTF-8 or XLSX"),
    "file_not_xlsx": ("文件不是可读取的 XLSX 工作簿（{detail}）", "the file is not a readable XLSX workbook ({detail})"),
    "file_too_big": ("文件有 {mb} MB，超过场次导出文件可能的大小", "the file is {mb} MB, larger than an export of sessions can be"),
    "file_extension": ("{ext}：请选择 .csv 或 .xlsx 文件", "{ext}: give a .csv or .xlsx file"),
    "no_extension": ("无扩展名", "no extension"),
    "file_unreadable": ("文件打不开：{detail}", "the file cannot be opened: {detail}"),
    "file_missing": ("文件不存在", "there is no such file"),
    "dup_write": ("文件中的场次已在数据库中：{ids}", "sessions of the file are in the database already: {ids}"),
    "map_channel": ("未知渠道 {value}", "unknown channel {value}"),
    "map_row_kind": ("未知行类型 {value}", "unknown row kind {value}"),
    "map_money": ("未知金额单位 {value}", "unknown money unit {value}"),
    "map_utc": ("时区 UTC{value} 超出范围", "time zone UTC{value} is out of range"),
    "map_roles": ("未知的列用途：{value}", "unknown column role(s): {value}"),
    "map_no_column": ("映射没有指定这些列：{roles}", "the mapping gives no column for: {roles}"),
    "map_no_metric": ("映射没有指定任何指标列", "the mapping gives no metric column"),
    "map_no_room": ("映射既没有直播间列，也没有填写直播间名称", "the mapping gives neither a room column nor a room name"),
    "map_unreadable": ("保存的映射无法读取（{detail}）", "a saved mapping is unreadable ({detail})"),
    "mappings_unreadable": ("{name} 无法读取（{detail}）", "{name} cannot be read ({detail})"),
    "mappings_not_set": ("{name} 不是一组映射", "{name} is not a set of mappings"),
    # what `dyconsole import` says
    "cli_no_mapping": ("没有名为 {name} 的映射；已有：{known}", "no mapping {name}; known: {known}"),
    "cli_bad_mapping": ("映射 {name} 无法读取文件：{why}", "the mapping {name} cannot read a file: {why}"),
    "cli_nothing": ("{file}：{why}；未导入任何内容", "{file}: {why}; nothing imported"),
    "cli_problems": ("{file}：{n} 个问题；未导入任何内容", "{file}: {n} problems; nothing imported"),
    "cli_problem_one": ("{file}：1 个问题；未导入任何内容", "{file}: 1 problem; nothing imported"),
    "cli_imported": ("已从 {file} 导入 {n} 场 {channel} 场次（{encoding}）",
                     "imported {n} sessions of {channel} from {file} ({encoding})"),
    "cli_imported_one": ("已从 {file} 导入 1 场 {channel} 场次（{encoding}）",
                         "imported 1 session of {channel} from {file} ({encoding})"),
    "row": ("第{row}行", "row {row}"),
    "column": ("列", "column"),
    "value": ("值", "value"),
}


def import_label(key: str, lang: str = "zh") -> str:
    """An import word (a column role, a money unit, a row shape, why a row is bad) in `lang`; the key when unknown."""
    return _named(IMPORT_NAMES, key, lang)
