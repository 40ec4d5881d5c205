"""The column mapping of one source's export: which channel it is, which column holds what (the session's start,
end or length, title, room, or a glossary metric), the money unit of its amounts (元/万元/分), its time zone (an
offset from UTC in hours) and whether a row is a whole session or one minute of one (per-minute rows are that
minute's increments, summed into the session's totals).

The shipped mappings (`BUILTIN_MAPPINGS`) read the sample exports under resources/import_samples/; an operator's
own mappings are saved beside them by name (storage.import_mappings) and stored as `as_dict()` JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from dyconsole.core.derived import AD_COST, ENTRIES, GMV, PAID_ORDERS, PRODUCT_CLICKS
from dyconsole.core.imports.messages import ImportMessage, RolesMessage
from dyconsole.core.glossary import CHANNEL_NAMES
from dyconsole.core.metrics import REAL_ONLINE, ROOM_METRIC_NAMES

PER_SESSION, PER_MINUTE = "per_session", "per_minute"
ROW_KINDS: tuple[str, ...] = (PER_SESSION, PER_MINUTE)
#: money unit -> yuan
MONEY_UNITS: dict[str, float] = {"yuan": 1.0, "wan_yuan": 10_000.0, "fen": 0.01}
#: the columns that are not metrics
START, END, DURATION, MINUTE, SESSION_KEY, TITLE, ROOM = (
    "start", "end", "duration_min", "minute", "session_key", "title", "room")
FIELD_ROLES: tuple[str, ...] = (START, END, DURATION, MINUTE, SESSION_KEY, TITLE, ROOM)
#: the glossary metrics an export can fill (room fields of the recorder's samples)
METRIC_ROLES: tuple[str, ...] = (GMV, PAID_ORDERS, ENTRIES, "total_live_like_cnt", "total_live_comment_cnt",
                                 "total_live_share_cnt", "total_live_follow_cnt", PRODUCT_CLICKS, AD_COST,
                                 REAL_ONLINE)
MONEY_METRICS: frozenset[str] = frozenset({GMV, AD_COST})
assert set(METRIC_ROLES) <= set(ROOM_METRIC_NAMES)


class MappingError(ImportMessage, ValueError):
    """A mapping that cannot read any file (no start column, an unknown channel or unit...), said in zh or en."""


class MissingRoles(RolesMessage, MappingError):
    """A mapping without a column its row kind needs (the roles named in words)."""


@dataclass(frozen=True, slots=True)
class ImportMapping:
    """How to read one source's export. `columns`: role (a FIELD_ROLES word or a METRIC_ROLES key) -> header."""

    name: str
    channel: str
    row_kind: str = PER_SESSION
    money_unit: str = "yuan"
    utc_offset_h: float = 8.0
    room: str = ""  # the room / account when the file has no room column
    columns: Mapping[str, str] = field(default_factory=dict)

    def check(self) -> None:
        """Raise MappingError when this mapping cannot read a file."""
        if self.channel not in CHANNEL_NAMES:
            raise MappingError("map_channel", value=repr(self.channel))
        if self.row_kind not in ROW_KINDS:
            raise MappingError("map_row_kind", value=repr(self.row_kind))
        if self.money_unit not in MONEY_UNITS:
            raise MappingError("map_money", value=repr(self.money_unit))
        if not -12 <= self.utc_offset_h <= 14:
            raise MappingError("map_utc", value=f"{self.utc_offset_h:+g}")
        unknown = set(self.columns) - set(FIELD_ROLES) - set(METRIC_ROLES)
        if unknown:
            raise MappingError("map_roles", value=", ".join(sorted(unknown)))
        needed = (MINUTE, SESSION_KEY) if self.row_kind == PER_MINUTE else (START,)
        missing = [role for role in needed if not self.columns.get(role)]
        if missing:
            raise MissingRoles("map_no_column", missing)
        if not any(self.columns.get(m) for m in METRIC_ROLES):
            raise MappingError("map_no_metric")
        if not self.room and not self.columns.get(ROOM):
            raise MappingError("map_no_room")

    def needed_headers(self) -> list[str]:
        """Every header the mapping reads (each must be in the file)."""
        return [h for h in self.columns.values() if h]

    def with_columns(self, columns: Mapping[str, str]) -> ImportMapping:
        return replace(self, columns={k: v for k, v in columns.items() if v})

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "channel": self.channel, "row_kind": self.row_kind,
                "money_unit": self.money_unit, "utc_offset_h": self.utc_offset_h, "room": self.room,
                "columns": dict(self.columns)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImportMapping:
        """A mapping from its saved JSON; raises MappingError when a field is missing or of the wrong type."""
        try:
            columns = data.get("columns") or {}
            if not isinstance(columns, Mapping):
                raise TypeError("columns")
            return cls(str(data["name"]), str(data["channel"]), str(data.get("row_kind", PER_SESSION)),
                       str(data.get("money_unit", "yuan")), float(data.get("utc_offset_h", 8.0)),
                       str(data.get("room", "")), {str(k): str(v) for k, v in columns.items()})
        except (KeyError, TypeError, ValueError) as exc:
            raise MappingError("map_unreadable", detail=exc) from None


#: the shipped mappings, one per sample export (headers as the platforms' back-office exports spell them)
BUILTIN_MAPPINGS: dict[str, ImportMapping] = {m.name: m for m in (
    ImportMapping("kuaishou", "kuaishou", PER_SESSION, "yuan", 8.0, columns={
        START: "开播时间", END: "结束时间", TITLE: "直播标题", ROOM: "快手号",
        ENTRIES: "累计观看人次", REAL_ONLINE: "最高在线人数", "total_live_like_cnt": "点赞次数",
        "total_live_comment_cnt": "评论次数", "total_live_share_cnt": "分享次数",
        "total_live_follow_cnt": "新增粉丝数", PRODUCT_CLICKS: "商品点击次数", PAID_ORDERS: "成交订单数",
        GMV: "成交金额(元)"}),
    ImportMapping("taobao_live", "taobao_live", PER_SESSION, "wan_yuan", 8.0, room="淘宝直播间", columns={
        START: "开播时间", DURATION: "直播时长(分钟)", TITLE: "直播标题",
        ENTRIES: "观看次数", "total_live_like_cnt": "点赞数", "total_live_comment_cnt": "评论数",
        "total_live_follow_cnt": "新增粉丝数", PRODUCT_CLICKS: "商品点击次数", PAID_ORDERS: "成交笔数",
        GMV: "成交金额(万元)"}),
    ImportMapping("wechat_channels", "wechat_channels", PER_MINUTE, "fen", 8.0, columns={
        SESSION_KEY: "直播ID", MINUTE: "时间", TITLE: "直播主题", ROOM: "视频号名称",
        ENTRIES: "进入直播间人数", REAL_ONLINE: "在线人数", "total_live_comment_cnt": "评论次数",
        "total_live_like_cnt": "喝彩次数", PAID_ORDERS: "订单数", GMV: "成交金额(分)"}),
)}
