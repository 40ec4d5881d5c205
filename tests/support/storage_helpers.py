"""Helpers of the storage tests: constants, a settable wall clock and small sample builders."""

from __future__ import annotations

from dyconsole.core.model import RoomInfo, RoomSample, RoomStatus

START = 1_800_000_000.0
ROOM = "7300000000000000001"


class Wall:
    """A wall clock the test moves by hand (recorder heartbeats are real time)."""

    def __init__(self, value: float = 1_750_000_000.0) -> None:
        self.value = value

    def __call__(self) -> float:
        return self.value


def living(room_id: str = ROOM, title: str = "秋冬新品专场", start: float | None = START) -> RoomInfo:
    return RoomInfo(room_id, title, RoomStatus.LIVING, start_time=start)


def finished(room_id: str = ROOM) -> RoomInfo:
    return RoomInfo(room_id, "", RoomStatus.FINISH)


def room_sample(ts: float, room_id: str = ROOM, status: RoomStatus = RoomStatus.LIVING,
                **values: float | None) -> RoomSample:
    return RoomSample(ts, room_id, status, values)
