"""Every metric, source and audience word the operator sees in the live window and the alert rule editor is the
glossary's (core.glossary), in zh and in en: the KPI tiles, the chart legends and series menu, the funnel stages,
the traffic sources, the audience groups, and the alert editor's metric and counter choices (the API field name
only on hover). Driven through MainWindow as the other live tests do."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox

from dyconsole.core import glossary
from dyconsole.core.alerts import ChangeRule, Direction, ThresholdRule
from dyconsole.core.alerts.rules import COUNTER_NAMES, WATCHABLE_METRIC_NAMES
from dyconsole.core.clock import ManualClock
from dyconsole.core.feed import PollFanOut
from dyconsole.core.kpis import TILES
from dyconsole.core.metrics import FLOW_SOURCES
from dyconsole.core.model import AudienceSample, FlowSample, RoomSample, RoomStatus
from dyconsole.core.wire import FLOW_BY_GMV, FLOW_BY_VIEWERS
from dyconsole.services.alerts.service import AlertService
from dyconsole.services.live.feed import LiveFeed
from dyconsole.ui.alerts.counter_picker import CounterPicker
from dyconsole.ui.alerts.rules_dialog import AlertRulesPanel
from dyconsole.ui.live.chart_panel import chart_tr
from dyconsole.ui.main_window import MainWindow
from dyconsole.ui.common.fitted_label import PARENTHETICAL

LANGS = ("zh", "en")


def _words(lang: str) -> set[str]:
    return {t.label(lang) for t in glossary.ALL_TERMS}


def _fed_window(qtbot, lang: str) -> MainWindow:  # type: ignore[no-untyped-def]
    feed = LiveFeed(ManualClock(1_800_000_000.0))
    polls = PollFanOut([feed])  # derives each room sample, as the poller's fan-out does
    w = MainWindow(feed, lang)
    qtbot.addWidget(w)
    for i in range(1, 40):
        feed.clock.advance(5.0)
        polls.publish(RoomSample(feed.clock.now(), "r1", RoomStatus.LIVING, {
            "total_live_watch_cnt": 100.0 * i, "live_watch_one_minute_count": 40.0 * i,
            "total_live_show_cnt": 900.0 * i, "live_product_show_cnt_alias": 500.0 * i,
            "live_click_product_count_alias": 30.0 * i, "live_create_order_count_alias": 4.0 * i,
            "live_pay_order_count_alias": 3.0 * i, "live_pay_order_gmv_alias": 50.0 * i, "stat_cost": 10.0 * i,
            "total_live_like_cnt": 20.0 * i}))
    now = feed.clock.now()
    feed.on_flow(FlowSample(now, FLOW_BY_VIEWERS, {s: float(i + 1) for i, s in enumerate(FLOW_SOURCES)}))
    feed.on_flow(FlowSample(now, FLOW_BY_GMV, {s: 10.0 for s in FLOW_SOURCES}))
    for event in ("ENTER", "PAY"):
        feed.on_audience(AudienceSample(now, event, "GENDER", {"FEMALE": 6.0, "MALE": 3.0, "UNKNOWN": 1.0}))
        feed.on_audience(AudienceSample(now, event, "AGE", {"AGE_18_23": 2.0, "AGE_24_30": 5.0, "AGE_ABOVE_50": 1.0}))
    w.show()
    return w


def _show_side(w: MainWindow, key: str) -> None:
    w.side.show_tab(key)
    w.refresh_text(force=True)


@pytest.mark.parametrize("lang", LANGS)
def test_the_live_window_shows_only_glossary_words(qtbot, lang: str) -> None:  # type: ignore[no-untyped-def]
    w = _fed_window(qtbot, lang)
    words = _words(lang)
    w.refresh_text(force=True)

    tiles = {tile_id: tile.title.full_text() for tile_id, tile in w.tiles.tiles.items()}
    assert tiles == {t.id: glossary.label(t.term, lang) for t in TILES}
    # what a narrow tile shows of its label: the label, or the label without its parenthetical (never cut mid-word
    # unless even that does not fit: then elided with "…")
    for tile in w.tiles.tiles.values():
        shown, full = tile.title.text(), tile.title.full_text()
        assert shown in (full, PARENTHETICAL.sub("", full)) or shown.endswith("…"), (shown, full)

    # the charts' own marks after a name: the axis it reads against, and "(est.)" on the console's estimate
    right, est = chart_tr(" (right axis)"), chart_tr(" (est.)")
    assert w.charts.series_actions["online"].text().endswith(est)  # the demo-like feed has no real online count
    legends = [label.text for p in w.charts.panels for _sample, label in p.legend.items]
    assert len(legends) == sum(len(p.spec.series) for p in w.charts.panels) > 0
    assert all(text.removesuffix(right).removesuffix(est) in words for text in legends), legends
    menu = {key: action.text().removesuffix(est) for key, action in w.charts.series_actions.items()}
    assert menu == {key: glossary.label(key, lang) for key in menu}

    _show_side(w, "funnel")
    stages = [name.text() for name in w.funnel.names]
    assert stages == [glossary.label(t.key, lang) for t in glossary.STAGE_TERMS]
    assert w.funnel.counts[1].text() not in ("", "—")  # the stages were filled, not just named

    _show_side(w, "traffic")
    shown = {w.traffic.table.item(r, 0).text() for r in range(w.traffic.table.rowCount())}
    assert shown == {glossary.source_label(s, lang) for s in FLOW_SOURCES}

    _show_side(w, "audience")
    for box, codes in ((w.audience.gender, ("FEMALE", "MALE", "UNKNOWN")),
                       (w.audience.age, ("AGE_18_23", "AGE_24_30", "AGE_ABOVE_50"))):
        texts = {label.text() for label in box.labels if not label.isHidden()}
        assert texts == {glossary.audience_label(c, lang) for c in codes}
    events = [w.audience.event_box.itemText(i) for i in range(w.audience.event_box.count())]
    assert events == [glossary.audience_label(e, lang) for e in ("ENTER", "PAY")]
    w.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_alert_editor_offers_metrics_by_their_glossary_label(qtbot, tmp_path: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    rules = [ThresholdRule(id="low", name="low", metric="online_user_cnt", direction=Direction.BELOW, threshold=1.0),
             ChangeRule(id="conv", name="conv", numerator=("live_pay_order_count_alias",),
                        denominator=("total_live_watch_cnt",))]
    service = AlertService(ManualClock(0.0), None, lang, rules=rules, warmup_s=0.0)
    panel = AlertRulesPanel(service)
    qtbot.addWidget(panel)
    panel.show()
    panel.list.setCurrentRow(0)
    box = panel.editor.widgets["metric"]
    assert isinstance(box, QComboBox)
    choices = [(box.itemText(i), box.itemData(i), box.itemData(i, 3)) for i in range(box.count())]  # 3: tooltip
    assert [data for _t, data, _tip in choices] == list(WATCHABLE_METRIC_NAMES)
    assert all(text == glossary.label(data, lang) and tip == data for text, data, tip in choices)
    assert box.currentText() == glossary.label("online_user_cnt", lang)

    panel.list.setCurrentRow(1)
    picker = panel.editor.widgets["numerator"]
    assert isinstance(picker, CounterPicker)
    items = [picker.item(i) for i in range(picker.count())]
    assert sorted(item.toolTip() for item in items) == sorted(COUNTER_NAMES)
    assert all(item.text() == glossary.label(item.toolTip(), lang) for item in items)
    assert picker.chosen() == ("live_pay_order_count_alias",)
    items[1].setCheckState(items[1].checkState().Checked)
    edited = panel.editor.read()
    assert edited is not None and edited.numerator == ("live_pay_order_count_alias", items[1].toolTip())
