"""The order-adjustment panel through the main window on the demo room (emulator at speed): opened from the
Products menu, a product moved, Apply stores the change with the session FIRST and then sets the order in the
room; the change shows in the history "too early to tell" and then with its effect. Against the real platform
(no order control injected) Apply records a pending change and Confirm records it confirmed."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import dyconsole.services.products.ordering as ordering_module

from dyconsole.app import Console
from dyconsole.core.products.change_log import changes_from_events
from dyconsole.storage.loaders import load_events
from dyconsole.ui.products.attachment import PRODUCTS_MENU_KEY
from dyconsole.ui.products.order_changes import SHOWN
from dyconsole.ui.products.order_panel import OrderPanel
from tests.live.test_live_window import drive, until


def open_panel(c: Console) -> OrderPanel:
    window = c.window
    assert window is not None
    (action,) = [a for a in window.menu_actions(PRODUCTS_MENU_KEY) if a.text() == "Adjust product &order…"]
    assert action.shortcut().toString() == "Ctrl+Shift+O"
    action.trigger()
    panel = c.parts.product_ui.orders.panel
    assert panel is not None and panel.isVisible()
    return panel


def move_second_up(panel: OrderPanel) -> list[str]:
    before = panel.tree.ids()
    panel.tree.setCurrentItem(panel.tree.topLevelItem(1))
    panel.up_button.click()
    after = panel.tree.ids()
    assert after == [before[1], before[0]] + before[2:]
    assert panel.edited
    return after


def stored_changes(c: Console):  # type: ignore[no-untyped-def]
    return changes_from_events(load_events(c.recorder.db, c.recorder.session_id))


def test_apply_in_the_demo_room_stores_first_sets_the_room_and_measures(qloop, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    measured_on: list[str] = []  # the thread of every measure of the changes' effects
    measure = ordering_module.measure_changes

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        measured_on.append(threading.current_thread().name)
        return measure(*args, **kwargs)

    monkeypatch.setattr(ordering_module, "measure_changes", watched)

    async def scenario(c: Console) -> None:
        service = c.parts.ordering
        await until(lambda: service.report is not None and len(c.feed.product_history) > 12)
        # watch the order of what Apply does: the session's record first, then the room's control endpoint
        record, control = service.record_event, service.apply_order
        assert record is not None and control is not None
        service.record_event = lambda *a: (calls.append("stored"), record(*a))[1]

        async def apply(ids: list[str]) -> list[str]:
            calls.append("control")
            assert [ch.status for ch in stored_changes(c)] == ["applied"]  # already with the session
            return await control(ids)

        service.apply_order = apply
        panel = open_panel(c)
        assert panel.tree.topLevelItemCount() == len(c.feed.products)
        assert not panel.confirm_button.isVisible()
        wanted = move_second_up(panel)
        panel.apply_button.click()
        await until(lambda: calls == ["stored", "control"] and panel.apply_button.isEnabled())
        (change,) = service.changes
        assert change.status == "applied" and list(change.new_order) == wanted
        assert c.demo.simulator.product_order() == wanted  # the simulated room took it
        await until(lambda: [p.product_id for p in c.feed.products] == wanted)  # ... and its polls show it
        rows = panel.history.row_texts()
        assert rows[0][1] == "applied" and rows[0][3] == "too early to tell"
        # the live heat map marks the change as it happens
        assert [line.value() for line in c.parts.product_ui.heat.change_lines] == [change.ts]
        # a few broadcast minutes later the change has an effect with its interval
        await until(lambda: panel.history.row_texts()[0][3] != "too early to tell", timeout_s=30)
        text = panel.history.row_texts()[0][3]
        assert "(" in text and "…" in text and "¥" in text
        item = panel.history.tree.topLevelItem(0)
        item.setExpanded(True)  # each moved product with its own effect on clicks
        moved = [item.child(k).text(1) for k in range(item.childCount())]
        old = {pid: k for k, pid in enumerate(change.old_order, start=1)}
        assert moved == [f"{old[pid]} → {k}" for k, pid in enumerate(change.new_order, start=1) if pid in change.moved]
        # ... and it stays open and live: a few polls on, the moved products' own effects are there (clicks)
        clicks = 3 + SHOWN.index("clicks")

        def product_effects() -> list[str]:
            item = panel.history.tree.topLevelItem(0)
            return [item.child(k).text(clicks) for k in range(item.childCount())]

        await until(lambda: panel.history.tree.topLevelItem(0).isExpanded()
                    and any("(" in text and "…" in text for text in product_effects()), timeout_s=30)
        # every measure ran on the effects worker, none on the UI thread (expanding a change computes nothing)
        assert measured_on and all(name.startswith("product-effects") for name in measured_on), measured_on
        effect = service.effects()[change.id].room["gmv"]
        assert effect.low is not None and effect.high is not None and effect.low <= effect.uplift <= effect.high
        (stored,) = stored_changes(c)
        assert stored.status == "applied" and list(stored.new_order) == wanted
        assert list(stored.old_order) == list(change.old_order) and stored.who

    drive(qloop, tmp_path, scenario, seed=3)


def test_against_the_real_platform_apply_asks_and_confirm_records(qloop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario(c: Console) -> None:
        service = c.parts.ordering
        service.apply_order = None  # as against the real platform: nothing sets the order
        await until(lambda: service.report is not None and len(c.feed.product_history) > 6)
        room_order = c.demo.simulator.product_order()
        panel = open_panel(c)
        assert panel.confirm_button.isVisible() and not panel.confirm_button.isEnabled()
        assert panel.how.text() == ("No API sets the order on the platform: apply it in the live control panel, "
                                    "then Confirm.")
        wanted = move_second_up(panel)
        panel.apply_button.click()
        await until(lambda: len(service.changes) == 1 and panel.confirm_button.isEnabled())
        assert service.changes[0].status == "pending"
        assert panel.notice.text() == "Recorded. Apply it in the live control panel, then Confirm."
        heat = c.parts.product_ui.heat
        assert heat.change_lines == []  # asked for, not yet in the room: not on the heat map
        assert [ch.status for ch in stored_changes(c)] == ["pending"]
        await asyncio.sleep(0.2)
        panel.confirm_button.click()
        (change,) = service.changes
        assert change.status == "confirmed" and list(change.new_order) == wanted
        assert [(ch.status, list(ch.new_order)) for ch in stored_changes(c)] == [("confirmed", wanted)]
        assert panel.history.row_texts()[0][1] == "confirmed"
        assert [line.value() for line in heat.change_lines] == [change.ts]  # in the room from the confirmation
        assert not panel.confirm_button.isEnabled()
        assert c.demo.simulator.product_order() != wanted or room_order == wanted  # the console set nothing

    drive(qloop, tmp_path, scenario, seed=3)
