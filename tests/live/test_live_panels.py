"""The side panels and tiles show what the core computes: funnel rows (worst step highlighted, missing stages
shown as such), traffic shares (paid vs organic), audience shares, KPI tile texts with the estimate badge, and
the status strip's connection states."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette

from dyconsole.core.clock import ManualClock
from dyconsole.core.funnel import build_funnel
from dyconsole.core.kpis import TILE_BY_ID, Tile
from dyconsole.core.model import AudienceSample, ConnectionState, FlowSample, RoomInfo, RoomStatus, SourceHealth
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.common.theme import ALERT_RED, ESTIMATE, FALL, RISE, SURFACE, TEXT_DIM
from dyconsole.ui.live.audience_panel import AudiencePanel, ranked_shares
from dyconsole.ui.live.funnel_panel import FunnelPanel, bar_value, funnel_texts, stage_labels
from dyconsole.ui.live.kpi_tiles import KpiTiles, tile_labels, tile_text
from dyconsole.ui.live.status_strip import StatusStrip
from dyconsole.ui.live.traffic_panel import TrafficPanel, shares

COUNTS = {
    "total_live_show_cnt": 100_000.0,
    "total_live_watch_cnt": 10_000.0,
    "live_product_show_cnt_alias": 20_000.0,
    "live_click_product_count_alias": 400.0,  # 2% of product impressions: the worst step against the norms
    "live_create_order_count_alias": 60.0,
    "live_pay_order_count_alias": 50.0,
}


def test_funnel_rows_mark_the_worst_step_and_show_the_seed_relation(qtbot) -> None:  # type: ignore[no-untyped-def]
    rows, lost, relation = funnel_texts(build_funnel(COUNTS, gmv=5000.0), "en")
    assert [r.label for r in rows] == stage_labels("en")
    worst = [r for r in rows if r.worst]
    assert [r.label for r in worst] == ["Clicks"]
    assert worst[0].rate.endswith("2.0%")
    assert rows[2].rate == "2.0 per entry"  # product impressions per entry is a ratio, never a "200%" conversion
    assert "Product impressions" in lost and "Clicks" in lost
    assert "50 = 20K × 2.00% × 15.0% × 83.3%" in relation and "¥100" in relation
    panel = FunnelPanel(stage_labels("en"))
    qtbot.addWidget(panel)
    panel.show_stages(rows, lost, relation)
    assert panel.counts[0].text() == "100K" and panel.bars[0].value() == 1000
    assert 0 < panel.bars[5].value() < panel.bars[1].value() < 1000


def test_a_stage_the_source_does_not_report_is_shown_missing() -> None:
    counts = dict(COUNTS, total_live_show_cnt=None, live_product_show_cnt_alias=None)
    rows, _lost, _relation = funnel_texts(build_funnel(counts), "en")
    assert rows[0].count == "not reported" and rows[0].fraction is None
    assert rows[1].fraction == 1.0  # the first reported stage fills the bar
    assert rows[3].rate.endswith("4.0%")  # clicks from entries, the last known stage


def test_bar_length_is_logarithmic() -> None:
    assert bar_value(1.0) == 1000 and bar_value(0.1) == 800 and bar_value(1e-5) == 0
    assert bar_value(None) == 0 and bar_value(0.0) == 0


def test_traffic_split_and_table(qtbot) -> None:  # type: ignore[no-untyped-def]
    viewers = {"nature": 600.0, "live_pc_qian_chuan": 300.0, "live_xiao_dian_qian_chuan": 100.0, "activity": None}
    assert shares(viewers)["nature"] == pytest.approx(0.6) and shares(viewers)["activity"] is None
    panel = TrafficPanel("en")
    qtbot.addWidget(panel)
    panel.show_flow({"AllEcomFlowSource": FlowSample(1.0, "AllEcomFlowSource", viewers),
                     "AllEcomGmvSource": FlowSample(1.0, "AllEcomGmvSource", {"nature": 12345.0})})
    assert panel.split.text() == "Paid 40.0% · Organic 60.0%"
    first = [panel.table.item(0, c).text() for c in range(panel.COLUMNS)]
    assert first == ["Organic", "Organic", "600", "60.0%", "¥12.3K"]


def test_audience_shares_switch_between_entering_and_paying(qtbot) -> None:  # type: ignore[no-untyped-def]
    assert ranked_shares({"a": 1.0, "b": 3.0}) == [("b", 0.75), ("a", 0.25)]
    assert ranked_shares({"a": 0.0}) == []
    panel = AudiencePanel("en")
    qtbot.addWidget(panel)
    panel.show_audience({
        ("ENTER", "GENDER"): AudienceSample(1.0, "ENTER", "GENDER", {"MALE": 30.0, "FEMALE": 70.0}),
        ("PAY", "GENDER"): AudienceSample(1.0, "PAY", "GENDER", {"MALE": 10.0, "FEMALE": 10.0}),
    })
    assert panel.gender.labels[1].text() == "Female" and panel.gender.values[1].text() == "70.0%"
    assert panel.empty.isHidden()
    panel.event_box.setCurrentIndex(1)  # buyers
    assert panel.gender.values[0].text() == "50.0%"


def test_tile_texts_and_the_estimate_badge(qtbot) -> None:  # type: ignore[no-untyped-def]
    online = Tile(TILE_BY_ID["online_now"], 1234.6, -20.0, True, 1.0)
    assert tile_text(online, "zh") == ("1,235", "20", -1, True)
    gmv = Tile(TILE_BY_ID["gmv"], 123456.0, None, False, 1.0)
    assert tile_text(gmv, "zh") == ("¥12.35万", "", 0, False)
    tiles = KpiTiles(tile_labels("en"), ["online_now", "gmv"])
    qtbot.addWidget(tiles)
    assert tiles.visible_tiles() == ["online_now", "gmv"]
    tiles.show_tile("online_now", *tile_text(online, "en"))
    assert not tiles.tiles["online_now"].badge.isHidden()
    assert tiles.tiles["online_now"].change.text() == "▼ 20"


def test_the_tiles_look_rise_fall_flat_and_badge(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The tiles' look (their row's one style sheet, and a change figure's own colour when it rose or fell): the
    tile's surface, the badge's colours, the change figure's colour and type."""
    tiles = KpiTiles(tile_labels("en"), ["online_now", "gmv", "paid_orders"])
    qtbot.addWidget(tiles)
    tiles.resize(900, 100)
    tiles.show()
    qtbot.waitExposed(tiles)
    tiles.show_tile("online_now", "1,235", "20", 1, True)
    tiles.show_tile("gmv", "¥1,000", "5", -1, False)
    tiles.show_tile("paid_orders", "12", "", 0, False)

    def text_colour(label) -> str:  # type: ignore[no-untyped-def]
        label.ensurePolished()
        return label.palette().color(QPalette.ColorRole.WindowText).name()

    online, gmv, orders = (tiles.tiles[t] for t in ("online_now", "gmv", "paid_orders"))
    assert (text_colour(online.change), text_colour(gmv.change), text_colour(orders.change)) == (
        RISE.lower(), FALL.lower(), TEXT_DIM.lower())
    assert {t.change.font().pixelSize() for t in (online, gmv, orders)} == {13}
    assert text_colour(online.badge) == "#1b1b1b" and online.badge.font().bold()
    shot = online.grab().toImage()
    assert shot.pixelColor(online.width() - 3, online.height() // 2).name() == SURFACE.lower()
    badge = online.badge.grab().toImage()
    assert badge.pixelColor(1, badge.height() // 2).name() == ESTIMATE.lower()
    tiles.show_tile("gmv", "¥1,000", "", 0, False)  # flat again: the row's colour
    assert text_colour(gmv.change) == TEXT_DIM.lower()


@pytest.mark.parametrize("width, columns, value_px", [
    (1024, 5, 34),   # two rows of five in the large type
    (1366, 10, 23),  # one row in the compact type (the charts keep their height)
    (1600, 10, 27),  # compact, but growing with the tiles (22 px was too small at 1600x900)
    (1920, 10, 32),  # one row in the large type
    (2560, 10, 43),  # a wall screen: the figures grow with their tiles
])
def test_tiles_fill_the_width_in_type_that_stays_readable(qtbot, width, columns, value_px) -> None:  # type: ignore[no-untyped-def]
    tiles = KpiTiles(tile_labels("zh"), list(TILE_BY_ID))
    qtbot.addWidget(tiles)
    tiles.resize(width, 200)
    tiles.show()
    qtbot.waitUntil(lambda: tiles._columns == columns)
    sizes = {t.sizes[0] for t in tiles.tiles.values()}
    assert sizes == {value_px}
    tile = tiles.tiles["gmv"]
    tile.show_value("¥2,770.05")
    qtbot.waitUntil(lambda: tile.value.width() > 0)
    assert tile.value.fontMetrics().horizontalAdvance("¥2,770.05") <= tile.contentsRect().width()  # never clipped


def test_status_strip_states(qtbot) -> None:  # type: ignore[no-untyped-def]
    strip = StatusStrip()
    qtbot.addWidget(strip)
    room = RoomInfo("r", "Room", RoomStatus.LIVING, start_time=1000.0)
    strip.show_status(SourceHealth(ConnectionState.OK), 2.0, 4600.0, room, "S1")
    assert strip.state is ConnectionState.OK and "1:00:00" in strip.clock_label.text()
    assert "S1" in strip.session_label.text() and strip.error_label.text() == ""
    strip.show_status(SourceHealth(ConnectionState.DOWN, last_error="HTTP 503"), 95.0, 4700.0, room, None)
    assert strip.state is ConnectionState.DOWN and strip.error_label.text() == "HTTP 503"
    assert "0:01:35" in strip.age_label.text() and strip.session_label.text() == "Not recording"


def test_feed_keeps_the_last_figures_through_a_gap() -> None:
    from dyconsole.core.feed import Gap, PollFanOut
    from dyconsole.core.model import RoomSample

    clock = ManualClock()
    feed = LiveFeed(clock)
    polls = PollFanOut([feed])
    clock.advance(5)
    polls.publish(RoomSample(clock.now(), "r", RoomStatus.LIVING, {"online_user_cnt": 800.0}))
    clock.advance(5)
    polls.publish(Gap("room", clock.now(), "timeout"))
    clock.advance(5)
    assert feed.value("online") == 800.0  # the tiles keep the last known figure...
    assert feed.data_age_s() == 10.0  # ... while the data visibly grows old
    online = feed.series["online"].values
    assert online[0] == 800.0 and online[1] != online[1]  # and the chart breaks (NaN) at the gap
    assert feed.gaps == 1 and feed.series_version == 2


class _StyleChanges(QObject):
    """Counts the style-sheet re-polishes a widget gets (QEvent.StyleChange)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.StyleChange:
            self.count += 1
        return False


def test_the_funnel_refreshed_with_the_same_rows_is_not_restyled(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The slow clock shows the funnel every second: the same colours must not re-polish its bars and rates (each
    setStyleSheet re-polishes even for the same text: ~5 ms a second of the UI thread in the lag run), while a new
    worst step still restyles them."""
    rows, lost, relation = funnel_texts(build_funnel(COUNTS, gmv=5000.0), "en")
    panel = FunnelPanel(stage_labels("en"))
    qtbot.addWidget(panel)
    panel.show()
    panel.show_stages(rows, lost, relation)
    worst = next(i for i, r in enumerate(rows) if r.worst)
    changes = _StyleChanges()
    for widget in (panel.bars[worst], panel.rates[worst], panel.lost):
        widget.installEventFilter(changes)
    panel.show_stages(rows, lost, relation)
    assert changes.count == 0
    calm = [dataclasses.replace(r, worst=False) for r in rows]
    panel.show_stages(calm, "", relation)
    assert changes.count >= 3  # the worst bar and rate lose the red, the where-lost line its style
    assert ALERT_RED not in panel.rates[worst].styleSheet()
