"""`LiveRoomSource`: the facade the poller uses. It asks the clients for one live room's numbers and returns core
types stamped with the broadcast time the answer arrived.

Finding the room: `today_live/room/get/` for today's date (broadcast clock, Asia/Shanghai), a LIVING room first,
else the newest room of the day. The room's own date is remembered, so a broadcast running past midnight keeps
being found. Orders come from Doudian when a Doudian client is configured (otherwise `orders()` is None).
"""

from __future__ import annotations

from typing import Any

from dyconsole.core.clock import Clock
from dyconsole.core.metrics import AUDIENCE_DIMENSIONS, AUDIENCE_EVENTS
from dyconsole.core.model import (
    AudienceSample,
    FlowSample,
    OrderRecord,
    ProductSample,
    RoomInfo,
    RoomSample,
    RoomStatus,
)
from dyconsole.core.wire import FLOW_KINDS
from dyconsole.sources import parse
from dyconsole.sources.doudian import DoudianClient
from dyconsole.sources.errors import BadPayload
from dyconsole.sources.qianchuan import ROOM_GET, ROOM_USER, QianchuanClient


class LiveRoomSource:
    """One advertiser's live room, through a Qianchuan client (and optionally a Doudian one)."""

    def __init__(self, qianchuan: QianchuanClient, clock: Clock, doudian: DoudianClient | None = None) -> None:
        self.qianchuan = qianchuan
        self.doudian = doudian
        self.clock = clock
        self._room_dates: dict[str, str] = {}

    def __repr__(self) -> str:
        return f"LiveRoomSource({self.qianchuan!r}, doudian={'yes' if self.doudian else 'no'})"

    @property
    def has_orders(self) -> bool:
        return self.doudian is not None

    async def aclose(self) -> None:
        await self.qianchuan.aclose()
        if self.doudian is not None:
            await self.doudian.aclose()

    async def find_live_room(self) -> RoomInfo | None:
        """Today's LIVING room, else the newest room of the day, else None."""
        today = parse.shanghai_date(self.clock.now())
        rooms = [r for r in (parse.room_info(rec) for rec in await self.qianchuan.room_list(today)) if r]
        if not rooms:
            return None
        living = [r for r in rooms if r.status is RoomStatus.LIVING]
        pool = living or rooms
        chosen = max(pool, key=lambda r: (r.start_time or 0.0))
        self._room_dates[chosen.room_id] = (parse.shanghai_date(chosen.start_time) if chosen.start_time
                                            else today)
        return chosen

    async def room_info(self, room_id: str) -> RoomInfo:
        info = parse.room_info(await self.qianchuan.room_detail(room_id))
        if info is None:
            raise BadPayload("room detail lacks room_id", endpoint="today_live/room/detail/get/")
        return info

    async def room_sample(self, room_id: str) -> RoomSample:
        """The room's cumulative stats now (from room/get of the room's date)."""
        date = self._room_dates.get(room_id) or parse.shanghai_date(self.clock.now())
        records = await self.qianchuan.room_list(date)
        ts = self.clock.now()
        for record in records:
            if parse.to_id(record.get("room_id")) == room_id:
                return parse.room_sample(ts, record)
        raise BadPayload(f"room {room_id} is not in the room list of {date}", endpoint=ROOM_GET)

    async def products(self, room_id: str) -> list[ProductSample]:
        records = await self.qianchuan.product_list(room_id)
        return parse.products(self.clock.now(), records)

    async def flow(self, room_id: str) -> list[FlowSample]:
        """Traffic by source, as viewers (AllEcomFlowSource) and as GMV (AllEcomGmvSource)."""
        out: list[FlowSample] = []
        for by in FLOW_KINDS:
            data = _unwrap(await self.qianchuan.flow_performance(room_id, by))
            out.append(parse.flow(self.clock.now(), by, data))
        return out

    async def audience(self, room_id: str) -> list[AudienceSample]:
        """Audience by city, gender and age, of viewers entering (ENTER) and of buyers (PAY)."""
        out: list[AudienceSample] = []
        for event in AUDIENCE_EVENTS:
            for dimension in AUDIENCE_DIMENSIONS:
                data = await self.qianchuan.room_user(room_id, event, dimension)
                list_key = parse.AUDIENCE_KEYS[dimension][0]
                if not isinstance(data.get(list_key), list):
                    raise BadPayload(f"answer lacks the {list_key} list", endpoint=ROOM_USER)
                out.append(parse.audience(self.clock.now(), event, dimension, data))
        return out

    async def orders(self, since_update_ts: float, until_ts: float) -> list[OrderRecord] | None:
        """Orders updated in [since, until] (Doudian); None when no Doudian connection is configured."""
        if self.doudian is None:
            return None
        return await self.doudian.search_orders(since_update_ts, until_ts)


def _unwrap(data: dict[str, Any]) -> dict[str, Any]:
    """flow_performance answers the per-source integers in `data`, or nested one level down: accept both."""
    if any(key in data for key in parse.FLOW_SOURCES):
        return data
    for value in data.values():
        if isinstance(value, dict) and any(key in value for key in parse.FLOW_SOURCES):
            return value
    return data
