"""Demo sessions for the date-range history tests: several broadcasts recorded through the real Recorder
(tests.support.review_support) on days counted back from today, at given hours, on a fake clock. `PLAN` says
which: (days ago, hour, minutes, room)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from tests.support.review_support import Recorded, record_demo_session

OTHER_ROOM = "7300000000000000002"
ROOM = "7300000000000000001"
#: (days before today, start hour, minutes, room): two on one day, one of another room, one 40 days back
PLAN: tuple[tuple[int, int, int, str], ...] = (
    (1, 20, 8, ROOM), (1, 14, 6, ROOM), (3, 20, 6, ROOM), (8, 19, 6, OTHER_ROOM), (12, 20, 5, ROOM),
    (40, 20, 5, ROOM),
)


@dataclass(frozen=True)
class HistoryDb:
    path: Path
    today: date
    sessions: tuple[Recorded, ...]  # in PLAN order
    rooms: tuple[str, ...]  # each session's room, in PLAN order


def start_of(today: date, days_ago: int, hour: int) -> float:
    return datetime.combine(today - timedelta(days=days_ago), time(hour)).timestamp()


def record_history(path: Path, today: date | None = None) -> HistoryDb:
    today = today or date.today()
    recorded = tuple(record_demo_session(path, seed=10 + k, minutes=minutes, start=start_of(today, ago, hour),
                                         title=f"第{k + 1}场", room_id=room)
                     for k, (ago, hour, minutes, room) in enumerate(PLAN))
    return HistoryDb(path, today, recorded, tuple(room for *_, room in PLAN))
