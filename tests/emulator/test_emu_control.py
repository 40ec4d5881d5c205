"""The emulator-only control endpoints under /_emulator/ (clock, events, product order, faults, truth)."""

from __future__ import annotations

from tests.support.emu_support import Api, in_process, make_room, run


def test_clock_state_speed_pause_resume_and_jump() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            state = (await client.get("/_emulator/state")).json()
            assert state["speed"] == 1.0 and state["paused"] is False and state["status"] == "LIVING"
            assert state["elapsed"] == 0 and state["now"] == room.demo.clock.now()
            assert (await client.post("/_emulator/speed", json={"speed": 60})).json()["speed"] == 60
            room.monotonic.advance(10)
            assert (await client.get("/_emulator/state")).json()["elapsed"] == 600
            paused = (await client.post("/_emulator/pause")).json()
            assert paused["paused"] is True
            room.monotonic.advance(10)
            assert (await client.get("/_emulator/state")).json()["now"] == paused["now"]
            assert (await client.post("/_emulator/resume")).json()["paused"] is False
            room.monotonic.advance(1)
            assert (await client.get("/_emulator/state")).json()["now"] == paused["now"] + 60
            jumped = (await client.post("/_emulator/jump", json={"seconds": 8 * 86400})).json()
            assert jumped["now"] == paused["now"] + 60 + 8 * 86400 and jumped["status"] == "FINISH"
            for path, body in (("speed", {"speed": 0}), ("speed", {"speed": "fast"}), ("jump", {"seconds": -5}),
                               ("jump", {})):
                response = await client.post(f"/_emulator/{path}", json=body)
                assert response.status_code == 400 and response.json()["error"], (path, body)
            assert (await client.post("/_emulator/speed", content=b"{nope")).status_code == 400

    run(go())


def test_events_product_order_explaining_and_truth() -> None:
    room = make_room()

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.creds)
            await api.qc_login()
            room.jump(120)
            order = (await client.get("/_emulator/product-order")).json()["product_ids"]
            assert sorted(order) == sorted(p["productId"] for p in room.demo.simulator.products())
            reordered = list(reversed(order))
            r = await client.post("/_emulator/product-order", json={"product_ids": reordered})
            assert r.status_code == 200 and r.json()["product_ids"] == reordered
            listed = (await api.qc_get("room/product_list/get", room_id=room.demo.state.identity.room_id,
                                       page_size=100))["data"]["list"]
            assert [p["productId"] for p in listed] == reordered
            assert (await client.post("/_emulator/product-order", json={"product_ids": "x"})).status_code == 400
            assert (await client.post("/_emulator/product-order", json={"product_ids": ["nope"]})).status_code == 400
            assert (await client.post("/_emulator/explaining", json={"product_id": order[1]})).status_code == 200
            room.jump(5)
            room.demo.state.now()  # the simulator catches up with the clock
            being = [p["productId"] for p in room.demo.simulator.products() if p["explain_status"] == "BEINGEXPLAIN"]
            assert being == [order[1]]
            assert (await client.post("/_emulator/explaining", json={"product_id": None})).status_code == 200
            event = await client.post("/_emulator/event", json={"kind": "surge", "duration_s": 300, "magnitude": 4})
            assert event.status_code == 200 and event.json()["applied"]["at_s"] == 125
            assert event.json()["applied"]["magnitude"] == 4
            default = await client.post("/_emulator/event", json={"kind": "viewer_drop", "duration_s": 60})
            assert default.json()["applied"]["magnitude"] == 0.3
            for bad in ({"kind": "meteor", "duration_s": 10}, {"duration_s": 10}, {"kind": "surge", "duration_s": -1}):
                assert (await client.post("/_emulator/event", json=bad)).status_code == 400, bad
            truth = (await client.get("/_emulator/truth")).json()
            assert truth["elapsed"] == 125 and truth["truth"]
            # the viewers past 3 minutes, per second beside the concurrent count (the share past 3 min's truth)
            long_stay, concurrent = truth["truth"]["long_stay"], truth["truth"]["concurrent"]
            assert len(long_stay) == len(concurrent) == 125
            assert long_stay == [0] * 125 and sum(concurrent) > 0  # 125 s in, nobody has stayed 3 minutes yet

    run(go())


def test_faults_can_be_read_and_switched_at_run_time() -> None:
    room = make_room(faults="latency=0.5")

    async def go() -> None:
        async with in_process(room) as client:
            assert (await client.get("/_emulator/faults")).json()["spec"] == "latency=0.5"
            r = await client.post("/_emulator/faults", json={"spec": "http5xx=1,expire_tokens=60"})
            assert r.status_code == 200 and r.json()["faults"]["http5xx"] == 1.0
            assert (await client.get("/_emulator/state")).status_code == 200  # never faulted
            bad = await client.post("/_emulator/faults", json={"spec": "bogus=1"})
            assert bad.status_code == 400 and "bogus" in bad.json()["error"]
            assert (await client.post("/_emulator/faults", json={"spec": ""})).json()["spec"] == ""
            assert room.sleeps == []  # control endpoints are never delayed either

    run(go())
