"""The words of an alert: values formatted for the operator and the Chinese / English message of each event.

Numbers use core.numfmt (万/亿 as Compass does in Chinese); rates are percentages; times of day are shown in the room's time
zone (an offset in seconds, default China Standard Time, UTC+8) so nothing here reads the machine's clock.
"""

from __future__ import annotations

import math
import time

from dyconsole.core import numfmt
from dyconsole.core.alerts.rules import (
    COUNT,
    FLAG,
    MULTIPLE,
    PER_MIN,
    PERCENT,
    SECONDS,
    WATCHABLE,
    YUAN,
    YUAN_PER_MIN,
    NormSource,
    metric_label,
)

#: China Standard Time (UTC+8): Douyin rooms broadcast on Beijing time
CHINA_TZ_OFFSET_S = 8 * 3600
MINUS = "\u2212"


def format_value(metric: str, value: float | None, lang: str = "zh") -> str:
    """A metric value as the operator reads it (core.numfmt forms; `—` when missing)."""
    lang = "zh" if lang.startswith("zh") else "en"
    if value is None or not math.isfinite(value):
        return numfmt.MISSING
    display = WATCHABLE[metric].display if metric in WATCHABLE else ""
    per_min = "/分钟" if lang == "zh" else "/min"
    if display == PERCENT:
        return numfmt.fmt_pct(value, lang)
    if display == COUNT:  # people and events: whole numbers (an estimated 375.38 viewers reads as 375)
        return numfmt.fmt_count(round(value) if abs(value) >= 100 else value, lang)
    if display == PER_MIN:
        return numfmt.fmt_count(value, lang) + per_min
    if display == YUAN:
        return numfmt.fmt_money(value, lang)
    if display == YUAN_PER_MIN:
        return numfmt.fmt_money(value, lang) + per_min
    if display == MULTIPLE:
        return numfmt.fmt_ratio(value, lang)
    if display == SECONDS:
        return numfmt.fmt_duration(value, lang)
    if display == FLAG:
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return f"{value:,.4g}"


def format_clock(ts: float, tz_offset_s: float = CHINA_TZ_OFFSET_S) -> str:
    """HH:MM of an epoch time in the room's time zone."""
    return time.strftime("%H:%M", time.gmtime(ts + tz_offset_s))


def format_change(relative: float) -> str:
    """-0.71 -> "−71%", 0.45 -> "+45%" (a true minus sign, as the UI shows)."""
    pct = round(relative * 100)
    return f"{MINUS}{abs(pct)}%" if pct < 0 else f"+{pct}%"


def _pct(ratio: float) -> str:
    return f"{ratio * 100:.0f}%"


def threshold_message(metric: str, value: float | None, threshold: float, below: bool, fired: bool,
                      estimate: bool = False) -> tuple[str, str]:
    """`estimate`: the value is the console's estimate (the online count of a source without one), and says so."""
    zv, ev = format_value(metric, value, "zh"), format_value(metric, value, "en")
    zt, et = format_value(metric, threshold, "zh"), format_value(metric, threshold, "en")
    zl, el = metric_label(metric, "zh"), metric_label(metric, "en")
    if estimate:
        zl, el = f"{zl}（估算）", f"{el} (estimate)"
    if fired:
        side_zh, side_en = ("低于", "below") if below else ("高于", "above")
        return f"{zl} {zv}，{side_zh}阈值 {zt}", f"{el} is {ev}, {side_en} {et}"
    return f"{zl} 已恢复：{zv}（恢复线 {zt}）", f"{el} recovered: {ev} (recovery level {et})"


def _norm_words(source: NormSource, norm: float, metric: str) -> tuple[str, str]:
    zn, en = format_value(metric, norm, "zh"), format_value(metric, norm, "en")
    if source is NormSource.BASELINE:
        return f"本直播间往场同时段基线 {zn}", f"room's own baseline for this minute ({en})"
    return f"类目常模 {zn}", f"category norm ({en})"


def norm_message(
    metric: str, value: float | None, norm: float, margin: float, source: NormSource, fired: bool,
    product_title: str | None = None,
) -> tuple[str, str]:
    """Below-the-norm messages; with `product_title` the per-product form that names the product."""
    zv, ev = format_value(metric, value, "zh"), format_value(metric, value, "en")
    zl, el = metric_label(metric, "zh"), metric_label(metric, "en")
    if product_title is not None:
        zl, el = f"商品「{product_title}」{zl}", f"Product \u201c{product_title}\u201d: {el.lower()}"
    if not fired:
        return f"{zl} 已恢复：{zv}", f"{el} recovered: {ev}"
    zd, ed = _norm_words(source, norm, metric)
    zt, et = format_value(metric, norm * margin, "zh"), format_value(metric, norm * margin, "en")
    return (f"{zl} {zv}，低于{zd}的 {_pct(margin)}（{zt}）",
            f"{el} is {ev}, below {_pct(margin)} of the {ed} = {et}")


def change_message(
    metric: str, before: float, after: float, since_ts: float | None, fired: bool,
    tz_offset_s: float = CHINA_TZ_OFFSET_S,
) -> tuple[str, str]:
    """"成交转化率 从 3.1% 降到 0.9% (−71%)，自 20:14 起" and its English form; or the recovery message."""
    zl, el = metric_label(metric, "zh"), metric_label(metric, "en")
    zb, eb = format_value(metric, before, "zh"), format_value(metric, before, "en")
    za, ea = format_value(metric, after, "zh"), format_value(metric, after, "en")
    if not fired:
        return f"{zl} 已恢复到 {za}（变化前 {zb}）", f"{el} is back to {ea} (before the change: {eb})"
    rel = (after - before) / before if before else 0.0
    verb_zh, verb_en = ("降到", "fell") if after < before else ("升到", "rose")
    change = format_change(rel)
    when = format_clock(since_ts, tz_offset_s) if since_ts is not None else None
    zh = f"{zl} 从 {zb} {verb_zh} {za} ({change})" + (f"，自 {when} 起" if when else "")
    en = f"{el} {verb_en} from {eb} to {ea} ({change})" + (f" since {when}" if when else "")
    return zh, en


def no_data_message(down: bool, age_s: float | None, max_age_s: float, fired: bool) -> tuple[str, str]:
    if not fired:
        return "数据已恢复更新", "Data is flowing again"
    if down:
        return "数据源已断开，数据不再更新", "The data source is down: no new data"
    zm, em = format_value("data_age_s", max_age_s, "zh"), format_value("data_age_s", max_age_s, "en")
    if age_s is None or not math.isfinite(age_s):
        return f"数据长时间未更新（上限 {zm}）", f"No new data for a long time (limit {em})"
    za, ea = format_value("data_age_s", age_s, "zh"), format_value("data_age_s", age_s, "en")
    return f"数据已 {za} 未更新（上限 {zm}）", f"No new data for {ea} (limit {em})"
