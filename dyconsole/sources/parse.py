"""Lenient but honest parsing of Qianchuan payloads into the core types.

Numbers may arrive as numbers, as strings ("12", "12.5", "1,234" with strict thousands grouping) or not at all.
Anything that cannot be read as a plain number ("12%", "1.2万", "N/A", "", null, true, NaN) is recorded as missing
(None), never as 0: a gap in a chart is honest, a fabricated zero is not.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Mapping

from dyconsole.core.metrics import FLOW_SOURCES, PRODUCT_NUMERIC_FIELDS, ROOM_METRIC_NAMES
from dyconsole.core.model import AudienceSample, FlowSample, ProductSample, RoomInfo, RoomSample, RoomStatus
from dyconsole.core.outside_text import strip_controls

#: Asia/Shanghai has had no daylight saving since 1991: a fixed offset is exact and needs no tz database
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

_PLAIN = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")

#: per dimension of `today_live/room/user/get/`: (list key, label key)
AUDIENCE_KEYS: dict[str, tuple[str, str]] = {
    "CITY": ("city", "city_name"),
    "GENDER": ("gender", "gender_type"),
    "AGE": ("age", "age_type"),
}


def to_number(raw: Any) -> float | None:
    """A finite number, or None when `raw` is not one (see the module docstring for what is accepted)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
    elif isinstance(raw, str):
        text = raw.strip()
        if _PLAIN.match(text):
            value = float(text)
        elif _GROUPED.match(text):
            value = float(text.replace(",", ""))
        else:
            return None
    else:
        return None
    return value if math.isfinite(value) else None


def to_int(raw: Any) -> int | None:
    """An integral number (e.g. an amount in fen), or None; 12.5 is not an integer and is None."""
    value = to_number(raw)
    if value is None or value != int(value):
        return None
    return int(value)


def to_id(raw: Any) -> str:
    """An identifier as a string ("" when missing); integral numbers lose no digits."""
    if isinstance(raw, bool) or raw is None:
        return ""
    if isinstance(raw, int):
        return str(raw)
    if isinstance(raw, float):
        return str(int(raw)) if raw.is_integer() else ""
    return str(raw).strip()


def to_text(raw: Any) -> str:
    return "" if raw is None or isinstance(raw, (dict, list)) else str(raw)


def to_epoch(raw: Any) -> float | None:
    """Unix seconds (or milliseconds), or a "YYYY-MM-DD HH:MM:SS" Shanghai local time, as epoch seconds."""
    value = to_number(raw)
    if value is not None:
        if value <= 0:
            return None
        return value / 1000.0 if value > 1e11 else value
    if isinstance(raw, str):
        text = raw.strip()
        for fmt in _TIME_FORMATS:
            try:
                return datetime.strptime(text, fmt).replace(tzinfo=SHANGHAI).timestamp()
            except ValueError:
                continue
    return None


def shanghai_date(ts: float) -> str:
    """The YYYY-MM-DD date in Asia/Shanghai of an epoch time (the `date_time` parameter of room/get)."""
    return datetime.fromtimestamp(ts, SHANGHAI).strftime("%Y-%m-%d")


def numbers(record: Mapping[str, Any], names: Iterable[str]) -> dict[str, float | None]:
    return {name: to_number(record.get(name)) for name in names}


def room_info(record: Mapping[str, Any]) -> RoomInfo | None:
    """A room of room/get or room/detail/get; None when it has no room id."""
    room_id = to_id(record.get("room_id"))
    if not room_id:
        return None
    return RoomInfo(
        room_id=room_id,
        title=strip_controls(to_text(record.get("room_title")), keep_lines=False),
        status=RoomStatus.parse(record.get("room_status")),
        aweme_id=to_id(record.get("aweme_id")),
        aweme_name=to_text(record.get("aweme_name")),
        start_time=to_epoch(record.get("start_time")),
        end_time=to_epoch(record.get("end_time")),
    )


def room_sample(ts: float, record: Mapping[str, Any]) -> RoomSample:
    """The room's cumulative stats over core.metrics.ROOM_METRIC_NAMES (missing ones are None)."""
    return RoomSample(ts=ts, room_id=to_id(record.get("room_id")),
                      status=RoomStatus.parse(record.get("room_status")),
                      values=numbers(record, ROOM_METRIC_NAMES))


def products(ts: float, records: Iterable[Mapping[str, Any]]) -> list[ProductSample]:
    """The live product list, in list order: `position` is 1-based; records without a product id are skipped
    (their place still counts, so positions stay those of the list)."""
    out: list[ProductSample] = []
    for index, record in enumerate(records, start=1):
        if not isinstance(record, Mapping):
            continue
        product_id = to_id(record.get("productId", record.get("product_id")))
        if not product_id:
            continue
        out.append(ProductSample(
            ts=ts, product_id=product_id, title=strip_controls(to_text(record.get("title")), keep_lines=False),
            explain_status=to_text(record.get("explain_status")).upper(), position=index,
            values=numbers(record, PRODUCT_NUMERIC_FIELDS)))
    return out


def flow(ts: float, by: str, data: Mapping[str, Any]) -> FlowSample:
    """Traffic per source over core.metrics.FLOW_SOURCES (a source the answer lacks is None)."""
    return FlowSample(ts=ts, by=by, values=numbers(data, FLOW_SOURCES))


def audience(ts: float, action_event: str, dimension: str, data: Mapping[str, Any]) -> AudienceSample:
    """Audience shares by label; an entry whose value cannot be read is left out (not counted as 0)."""
    list_key, label_key = AUDIENCE_KEYS[dimension]
    values: dict[str, float] = {}
    entries = data.get(list_key)
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, Mapping):
            continue
        label = to_text(entry.get(label_key)).strip()
        value = to_number(entry.get("value"))
        if label and value is not None:
            values[label] = value
    return AudienceSample(ts=ts, action_event=action_event, dimension=dimension, values=values)
