"""The words and number formats of a session report, zh and en, with no Qt (reports are built and exported without
it): the report's own word table (`TEXT`, `tr`, `tr_code` for audience / event-log codes), a metric's label and
display unit as the report uses them (`metric_label`, `metric_unit`, read from core.glossary), and `format_value`, a
table cell as the PDF prints it (core.glossary's number formats).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dyconsole.core import glossary, numfmt

#: every word the report itself prints (the PDF, the Excel sheet names and headers), zh and en
TEXT: dict[str, tuple[str, str]] = {
    "report_title": ("直播数据报告", "Live session report"),
    "room": ("直播间", "Room"),
    "session": ("场次", "Session"),
    "date": ("日期", "Date"),
    "time_range": ("直播时段", "Time"),
    "duration": ("时长", "Duration"),
    "status": ("状态", "Status"),
    "granularity": ("时间粒度", "Granularity"),
    "minutes": ("{n} 分钟", "{n} min"),
    "per_poll": ("逐次采样", "every poll"),
    "generated_at": ("生成时间 {when}", "Generated {when}"),
    "page_of": ("第 {page} / {pages} 页", "Page {page} of {pages}"),
    "estimate_note": ("在线人数为估算值(利特尔法则)时已标注", "Online figures marked (est.) are estimates"),
    "kpis": ("核心指标", "Key figures"),
    "funnel": ("转化漏斗", "Conversion funnel"),
    "charts": ("趋势图", "Trends"),
    "data": ("分时数据", "Data by time"),
    "products": ("商品排行", "Top products"),
    "roi7": ("7日ROI（含复购）", "7-day ROI (with repurchases)"),
    "roi7_settled_note": ("由直播后7天的抖店订单结算：本场订单扣除退款，加上本场买家的复购。",
                          "Settled from the Doudian orders of the 7 days after the broadcast: the session's orders "
                          "net of refunds, plus its buyers' repurchases."),
    "roi7_history_note": ("按本直播间已结算的 {n} 场的退款与复购预估；直播7天后结算。",
                          "A projection from this room's {n} settled sessions; it is settled 7 days after the "
                          "broadcast."),
    "roi7_prior_note": ("本直播间尚无已结算场次，按先验预估；直播7天后结算。",
                        "A projection from a prior (this room has no settled session yet); it is settled 7 days "
                        "after the broadcast."),
    "ab": ("A/B 实验", "A/B tests"),
    "run_of_show": ("节目单与停留", "Run of show and stay"),
    "segment": ("段落", "Segment"),
    "ab_variant": ("A/B：{v}", "A/B: {v}"),
    "topic_label": ("话题：{t}", "Topic: {t}"),
    "no_product": ("（未讲解商品）", "(no product explained)"),
    "best": ("最佳", "Best"),
    "worst": ("最差", "Worst"),
    "stay_conversion": ("成交与停留", "Conversion against stay"),
    "stay_band": ("按超3分钟占比分段", "Stretches by share past 3 min"),
    "stay_low": ("最低三分之一", "Lowest third"),
    "stay_mid": ("中间三分之一", "Middle third"),
    "stay_high": ("最高三分之一", "Highest third"),
    "range90": ("90%区间", "90% range"),
    "stay_too_short": ("直播太短，无法关联成交与停留（至少需30分钟）。",
                       "Too little of the broadcast to relate conversion to stay (30 minutes or more are needed)."),
    "stay_unreadable": ("本场看不出成交与停留的关系：超3分钟占比变化太小或订单太少。",
                        "This broadcast does not show how conversion goes with stay: the share past 3 minutes varied "
                        "too little, or there were too few orders."),
    "stay_steep": ("成交随超3分钟占比上升，但上升太陡，本场无法估出超3分钟观众的购买倍数（拟合线显示新进观众不购买）。",
                   "Conversion rose with the share past 3 minutes, too steeply for this broadcast to say how many times "
                   "more a viewer past 3 minutes buys (the fitted line leaves newcomers buying nothing)."),
    "stay_falls": ("成交随超3分钟占比上升而下降，下降太陡，本场无法估出购买倍数（拟合线显示超3分钟观众不购买）。",
                   "Conversion fell as the share past 3 minutes rose, too steeply for this broadcast to say how many "
                   "times as much a viewer past 3 minutes buys (the fitted line leaves them buying nothing)."),
    "stay_lift_caption": ("{label}：{lift}（90%区间 {span}）。按本场每5分钟的关联估算，并非对照实验。",
                          "{label}: {lift} (90% range {span}). An association over this broadcast (5-minute "
                          "stretches), not a controlled test."),
    "segments_note": ("最佳/最差按每分钟成交金额；停留与超3分钟占比为估算。",
                      "Best and worst by GMV per minute; stay and share past 3 min are estimates."),
    "topic": ("标记话题", "Topic marked"),
    "traffic": ("流量来源", "Traffic sources"),
    "audience": ("观众画像", "Audience"),
    "delivery": ("按地区送达时效", "Delivery by region"),
    "in_seconds": ("{label}（秒）", "{label} (s)"),  # a CSV header over a duration written in seconds
    "alerts": ("告警记录", "Alerts"),
    "notes": ("备注", "Notes"),
    "metric": ("指标", "Metric"),
    "value": ("数值", "Value"),
    "stage": ("环节", "Stage"),
    "count": ("人次/次数", "Count"),
    "step_rate": ("环节转化率", "Step rate"),
    "overall_rate": ("相对进入", "Of entries"),
    "worst_step": ("流失最多的环节：{stage}", "Where most is lost: {stage}"),
    "rank": ("排名", "Rank"),
    "product": ("商品", "Product"),
    "source": ("来源", "Source"),
    "viewers": ("观看人次", "Views"),
    "viewer_share": ("人次占比", "Share of views"),
    "gmv_share": ("成交占比", "Share of GMV"),
    "paid": ("付费", "Paid"),
    "yes": ("是", "yes"),
    "label": ("分组", "Group"),
    "share": ("占比", "Share"),
    "fired_at": ("触发时间", "Fired"),
    "resolved_at": ("恢复时间", "Resolved"),
    "severity": ("级别", "Severity"),
    "rule": ("规则", "Rule"),
    "message": ("内容", "Message"),
    "time": ("时间", "Time"),
    "kind": ("类型", "Kind"),
    "text": ("内容", "Text"),
    "session_note": ("场次备注", "Session note"),
    "none": ("无", "None"),
    "text_cut": ("…(已截断:另有 {more} 个字符未显示)", "… (cut: {more} more characters not shown)"),
    "roi_provisional": ("(7天内可能仍有退款)", "(refunds may still come)"),
    "est": ("(估算)", " (est.)"),
    "per_entry": ("人均 {n} 次", "{n} per entry"),
    "ts": ("时间", "Time"),
    "click_heat": ("商品点击热力（每分钟点击）", "Product click heat (clicks per minute)"),
    "explained": ("讲解中", "being explained"),
    "order_changes": ("商品顺序调整", "Product order changes"),
    "new_order": ("新顺序（前几位）", "New order (top)"),
    "effect": ("实测效果", "Measured effect"),
    "too_early": ("尚难判断", "too early to tell"),
    "applied": ("已应用", "applied"),
    "confirmed": ("已确认", "confirmed"),
    "pending": ("待确认", "pending"),
    "failed": ("失败", "failed"),
    # the date-range report (core.history.report)
    "range_report_title": ("区间数据报告", "Date-range report"),
    "range": ("日期范围", "Dates"),
    "rooms": ("直播间", "Rooms"),
    "channels": ("渠道", "Channels"),
    "channel": ("渠道", "Channel"),
    "all": ("全部", "all"),
    "totals": ("区间合计", "Totals over the range"),
    "per_day": ("每日汇总", "Per day"),
    "sessions_table": ("场次明细", "Sessions"),
    "best_worst": ("最佳与最差场次", "Best and worst sessions"),
    "start": ("开始时间", "Start"),
    "title": ("标题", "Title"),
    "ranked_by": ("按{metric}排序", "ranked by {metric}"),
    "per_day_chart": ("{metric}（每日）", "{metric} per day"),
    "per_session_chart": ("{metric}（每场）", "{metric} per session"),
    "forecast_plan": ("后续直播成交金额预测（按日）", "Forecast of the next broadcasts' GMV (by date)"),
    "forecast_note": ("预测：按本区间{days}个有成交的直播日及其星期规律；上下限为80%预测区间",
                      "Forecast from the range's {days} broadcast days with sales and their weekday pattern; low "
                      "and high bound the 80% interval"),
    "forecast_too_few": ("本区间有成交的直播日不足{need}天（现有{have}天），无法预测：请选择更长的日期范围",
                         "Too few broadcast days with sales in the range for a forecast ({have}, needs {need}): pick "
                         "a wider range"),
    # the session report's forecast of the broadcast's end (core.forecast.report)
    "end_forecast": ("本场结束时的预测", "Forecast of the broadcast's end"),
    "forecast_at": ("预测时间", "Forecast at"),
    "elapsed": ("已播时长", "Elapsed"),
    "so_far": ("当时已完成", "Done by then"),
    "forecast_value": ("预测值", "Forecast"),
    "actual_end": ("实际结束值", "Actual end"),
    "within": ("在区间内", "Within"),
    "no": ("否", "no"),
    "forecast_end_basis": ("预测：按本直播间此前 {n} 场的进度曲线与常规水平，加上本场截至当时的数据；上下限为80%预测区间。",
                           "A forecast from this room's {n} earlier sessions (the share of their end reached by then, "
                           "and their usual level) and this broadcast so far; low and high bound the 80% interval."),
    "forecast_end_held": ("实际结束值落在 {held}/{total} 个区间内。", "The actual end fell within {held} of {total} "
                                                                   "intervals."),
    "forecast_end_live": ("直播进行中：最后一次采样时的预测。", "Still live: the forecast at the last sample."),
    "forecast_end_too_few": ("本直播间此前已结束的场次不足 {need} 场（现有 {have} 场），无法预测。",
                             "No forecast: it needs {need} earlier sessions of this room (it has {have})."),
    "forecast_no_samples": ("本场没有成交数据，无法预测。", "No forecast: the session has no sales figures."),
    "weekday": ("星期", "Weekday"),
    **{f"weekday_{k}": (zh, en) for k, (zh, en) in enumerate(
        (("周一", "Mon"), ("周二", "Tue"), ("周三", "Wed"), ("周四", "Thu"), ("周五", "Fri"), ("周六", "Sat"),
         ("周日", "Sun")))},
    "pooled_note": ("比率为区间内各场合计后重新计算，非各场比率的平均",
                    "Rates are pooled over the sessions' totals, not averages of the sessions' rates"),
    # event kinds, by their event-log codes (audience codes are core.glossary's)
    "note": ("备注", "Note"),
    "stopped": ("停止录制", "Recording stopped"),
    "resumed": ("恢复录制", "Recording resumed"),
    "order_change": ("调整商品顺序", "Product order changed"),
    "product_surge": ("商品点击激增", "Product clicks surging"),
    "variant_switch": ("切换方案", "Variant switched"),
}


def tr_code(code: str, lang: str = "zh") -> str:
    """An audience or event-log code (FEMALE, AGE_18_23, note...) in words, or the code itself when unknown."""
    if code in TEXT:
        return tr(code, lang)
    return glossary.audience_label(code, lang)


def tr(key: str, lang: str = "zh", **kw: Any) -> str:
    """The report's word for `key` in `lang` ('zh' or 'en'), with {placeholders} filled from `kw`."""
    zh, en = TEXT[key]
    text = en if lang == "en" else zh
    return text.format(**kw) if kw else text


def metric_label(name: str, lang: str = "zh") -> str:
    """The glossary's label of a metric."""
    return glossary.label(name, lang)


def metric_unit(name: str) -> str:
    """Display unit of a metric: count, per_min, yuan, ratio (shown as %), multiple (ROI), seconds."""
    unit = glossary.unit(name)
    return {"yuan_per_min": "yuan", "flag": "count"}.get(unit, unit)


def format_value(value: object, unit: str, lang: str = "zh") -> str:
    """A table cell as the report prints it; missing is a dash."""
    if unit == "text":
        return "" if value is None else str(value)
    if unit == "time":
        return numfmt.MISSING if value is None else datetime.fromtimestamp(float(value)).strftime("%H:%M:%S")  # type: ignore[arg-type]
    if unit in ("date", "datetime"):
        form = "%Y-%m-%d" if unit == "date" else "%Y-%m-%d %H:%M"
        return numfmt.MISSING if value is None else datetime.fromtimestamp(float(value)).strftime(form)  # type: ignore[arg-type]
    if unit == "per_entry":
        return numfmt.MISSING if value is None else tr("per_entry", lang, n=f"{float(value):.1f}")  # type: ignore[arg-type]
    return glossary.format_unit(None if value is None else float(value), unit, lang)  # type: ignore[arg-type]
