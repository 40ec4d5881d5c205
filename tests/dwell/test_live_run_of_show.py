"""Dwell and the run of show in the live window, driven through it on the demo room: the share-past-3-minutes tile
sits beside the average stay with its range and the 估 badge, and shows the feed's derived figure; View → Mark topic
(Ctrl+T) opens the Run of show tab with the topic field focused, Enter marks the topic, which is stored with the
session as a `topic` event and starts a segment of its own; an empty mark ends it; the segments' minutes add up to
the broadcast and best and worst are highlighted; the tab shows the current segment and the share's trend."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dyconsole.app import Console
from dyconsole.core import glossary
from dyconsole.core.run_of_show import TOPIC_EVENT
from dyconsole.ui.dwell.live_tab import TAB_KEY, TILE_ID
from dyconsole.ui.dwell.segments_table import segment_text
from tests.live.test_live_window import drive
from tests.support.loop_waits import until


def test_tile_tab_and_topic_mark(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        w = c.window
        # in the first 3 minutes nobody has stayed 3 minutes: the share is 0 then
        await until(lambda: (c.feed.latest_derived.get("long_stay_share") or 0.0) > 0.0
                    and c.recorder.session_id is not None, 30)
        w.refresh_text(force=True)
        tiles = w.tiles
        order = [t for t in tiles._order if not tiles.tiles[t].isHidden()]
        assert order[order.index("avg_dwell") + 1] == TILE_ID
        tile = tiles.tiles[TILE_ID]
        assert tile.title.full_text() == glossary.label(TILE_ID, "en") == "Stayed 3 min+ (estimate)"
        d = c.feed.latest_derived
        assert tile.badge.isVisibleTo(tile)
        assert d["long_stay_share_low"] <= d["long_stay_share"] <= d["long_stay_share_high"]
        assert 0.0 < d["long_stay_share"] < 1.0

        action = next(a for a in w.menu_actions("view") if a.shortcut().toString() == "Ctrl+T")
        action.trigger()
        assert w.current_side_tab() == TAB_KEY
        panel = c.parts.dwell.panel
        assert panel.topic.hasFocus() or not w.isActiveWindow()
        service = c.parts.dwell.service
        before = len(service.segments())
        panel.topic.setText("  Giveaway  ")
        panel.topic.returnPressed.emit()
        assert panel.topic.text() == ""
        marked_at = service.last_ts
        await until(lambda: service.last_ts is not None and service.last_ts > marked_at, 20)
        segs = service.segments()
        assert len(segs) > before and segs[-1].label.topic == "Giveaway"
        # an empty mark ends the topic
        panel.mark_button.click()
        ended_at = service.last_ts
        await until(lambda: service.last_ts > ended_at, 20)
        assert service.current().label.topic is None
        segs = service.segments()
        span = c.feed.span()
        total = sum(s.end - s.start for s in segs)
        assert total == pytest.approx(span[1] - span[0], abs=1e-6)
        w.refresh_text(force=True)
        # the current segment in large type and the share's trend with its range
        assert panel.current.text() == "Now: " + segment_text(service.current().label)
        trend = [panel.curve.getData()[1], panel.low.getData()[1], panel.high.getData()[1]]
        assert all(ys is not None and len(ys) > 0 for ys in trend)
        finite = [y for y in trend[0] if y == y]
        assert finite and all(0.0 <= y <= 1.0 for y in finite) and max(finite) > 0.0
        assert panel.share_line.text().startswith("Stayed 3 min+ (estimate): ")
        table = panel.table
        assert table.rowCount() == len(segs)
        assert any("Topic: Giveaway" in table.item(r, 0).text() for r in range(table.rowCount()))
        marks = [s.mark for s in segs]
        ranked = {s.gmv_per_min for s in segs if s.minutes >= 1.0 and s.gmv_per_min is not None}
        if len(ranked) < 2:  # nothing to tell apart (e.g. no sale yet): nothing highlighted
            assert marks.count("best") == marks.count("worst") == 0
        else:
            assert marks.count("best") == 1 and marks.count("worst") == 1
            assert segs[marks.index("best")].gmv_per_min == max(ranked)
            assert segs[marks.index("worst")].gmv_per_min == min(ranked)
            best = marks.index("best")
            assert table.item(best, table.columnCount() - 1).text() == "Best"
        # stored with the session
        db = c.recorder.db
        sid = c.recorder.session_id
        c.recorder._flush()
        rows = [(k, json.loads(p)) for k, p in db.execute(
            "SELECT kind, payload FROM events WHERE session_id = ? AND kind = ?", [sid, TOPIC_EVENT])]
        assert rows == [(TOPIC_EVENT, {"topic": "Giveaway"}), (TOPIC_EVENT, {"topic": ""})]

    drive(qloop, tmp_path, scenario, seed=3)
