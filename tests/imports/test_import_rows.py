"""Reading the sample exports with the shipped mappings: every session, its times in the source's time zone, its
totals in yuan whatever the file's unit (元, 万元, 分), per-minute rows summed into running totals."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dyconsole.core.derived import ENTRIES, GMV, PAID_ORDERS
from dyconsole.core.imports.mapping import BUILTIN_MAPPINGS, ImportMapping, MappingError
from dyconsole.core.imports.rows import parse_number, parse_time, read_rows
from dyconsole.core.metrics import REAL_ONLINE
from dyconsole.storage.import_files import read_table


def _csv(path: Path, encoding: str) -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.DictReader(f))


def test_kuaishou_sessions_in_yuan_and_beijing_time(samples: Path) -> None:
    table = read_table(samples / "kuaishou_sessions.csv")
    assert table.encoding == "utf-8-sig"
    result = read_rows(table.header, table.rows, BUILTIN_MAPPINGS["kuaishou"])
    assert result.problems == []
    raw = _csv(samples / "kuaishou_sessions.csv", "utf-8-sig")
    assert len(result.sessions) == len(raw)
    first, row = result.sessions[0], raw[0]
    beijing = timezone(timedelta(hours=8))
    assert first.started_at == datetime.strptime(row["开播时间"], "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=beijing).timestamp()
    assert first.ended_at - first.started_at == (datetime.strptime(row["结束时间"], "%Y-%m-%d %H:%M:%S")
                                                 - datetime.strptime(row["开播时间"], "%Y-%m-%d %H:%M:%S")).seconds
    totals = first.totals()
    assert totals[GMV] == float(row["成交金额(元)"])
    assert totals[ENTRIES] == float(row["累计观看人次"].replace(",", ""))
    assert totals[REAL_ONLINE] == float(row["最高在线人数"])
    assert {s.channel for s in result.sessions} == {"kuaishou"}
    assert first.room_id == row["快手号"] and first.title == row["直播标题"]


def test_taobao_xlsx_amounts_in_wan_yuan_become_yuan(samples: Path) -> None:
    table = read_table(samples / "taobao_live_sessions.xlsx")
    result = read_rows(table.header, table.rows, BUILTIN_MAPPINGS["taobao_live"])
    assert result.problems == []
    sheet = load_workbook(samples / "taobao_live_sessions.xlsx").worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(result.sessions) == len(rows)
    s, row = result.sessions[0], rows[0]
    assert s.totals()[GMV] == pytest.approx(row[9] * 10_000, abs=0.005)
    assert s.ended_at - s.started_at == row[2] * 60
    assert s.room_id == "淘宝直播间"  # no room column: the mapping's room


def test_wechat_minutes_sum_into_running_totals_in_fen(samples: Path) -> None:
    table = read_table(samples / "wechat_channels_minutes.csv")
    assert table.encoding == "gb18030"
    result = read_rows(table.header, table.rows, BUILTIN_MAPPINGS["wechat_channels"])
    assert result.problems == []
    raw = _csv(samples / "wechat_channels_minutes.csv", "gb18030")
    keys = sorted({r["直播ID"] for r in raw})
    assert len(result.sessions) == len(keys)
    mine = [r for r in raw if r["直播ID"] == keys[0]]
    s = next(x for x in result.sessions if x.key == keys[0])
    assert len(s.samples) == len(mine)
    assert s.totals()[GMV] == pytest.approx(sum(int(r["成交金额(分)"]) for r in mine) / 100, abs=0.005)
    assert s.totals()[PAID_ORDERS] == sum(int(r["订单数"]) for r in mine)
    online = [v[REAL_ONLINE] for _, v in s.samples]
    assert online == [float(r["在线人数"]) for r in mine]  # a level, never summed
    assert s.ended_at - s.started_at == len(mine) * 60


def test_numbers_and_times() -> None:
    assert parse_number("1,234.5") == 1234.5 and parse_number("¥88") == 88 and parse_number("") is None
    with pytest.raises(ValueError):
        parse_number("约100")
    assert parse_time("2024-05-01 00:00", 0) == datetime(2024, 5, 1, tzinfo=timezone.utc).timestamp()
    assert parse_time("2024/05/01 08:00", 8) == datetime(2024, 5, 1, tzinfo=timezone.utc).timestamp()
    assert parse_time("yesterday", 8) is None


def test_a_mapping_that_cannot_read_a_file_says_why() -> None:
    with pytest.raises(MappingError, match="start"):
        ImportMapping("x", "kuaishou", room="r", columns={GMV: "成交金额"}).check()
    with pytest.raises(MappingError, match="channel"):
        ImportMapping("x", "myspace", columns={"start": "a", GMV: "b"}, room="r").check()
    with pytest.raises(MappingError, match="room"):
        ImportMapping("x", "kuaishou", columns={"start": "a", GMV: "b"}).check()
    m = BUILTIN_MAPPINGS["wechat_channels"]
    assert ImportMapping.from_dict(m.as_dict()) == m
