"""The emulated Doudian orders carry the official SDK's delivery fields (docs/DELIVERY.md): `mask_post_addr` with
{id, name} parts (province and city named, town/street/detail masked), `exp_ship_time`, `ship_time`,
`logistics_receipt_time` (0 = not yet), in time order; the truth endpoint has the per-province delivery days; the
older fields of API.md are unchanged."""

from __future__ import annotations

from dyconsole.core.delivery import province_key
from dyconsole.core.glossary import PROVINCE_NAMES
from tests.support.emu_support import Api, in_process, make_room, run


def test_orders_carry_masked_addresses_and_delivery_times() -> None:
    room = make_room(seed=4)
    room.jump(2400)

    async def go() -> None:
        async with in_process(room) as client:
            api = Api(client, room.demo.reauthorize())
            await api.dd_login()
            early = (await api.orders(page=0, size=100))["data"]["shop_order_list"]
            room.jump(9 * 86_400)
            api = Api(client, room.demo.reauthorize())  # the week outlived the first token
            await api.dd_login()
            later = (await api.orders(page=0, size=100))["data"]["shop_order_list"]
            truth = (await client.get("/_emulator/truth")).json()["truth"]["delivery_days"]
        assert set(truth) == set(PROVINCE_NAMES)
        assert truth["浙江"]["median"] < truth["湖北"]["median"] < truth["新疆"]["median"] <= truth["新疆"]["p90"]
        skus = [o["sku_order_list"][0] for o in later]
        for sku in skus:
            addr = sku["mask_post_addr"]
            assert province_key(addr["province"]["name"]) in PROVINCE_NAMES and addr["city"]["name"].endswith("市")
            assert "*" in addr["street"]["name"] and "*" in addr["detail"] and addr["province"]["id"].isdigit()
            assert {"order_id", "pay_amount", "order_amount", "pay_time", "order_status", "after_sale_info"} <= set(sku)
        received = [s for s in skus if s["logistics_receipt_time"]]
        assert len(received) > len(skus) // 2
        assert all(s["pay_time"] < s["ship_time"] < s["logistics_receipt_time"] for s in received)
        assert all(s["exp_ship_time"] == s["pay_time"] + 48 * 3600 for s in skus if s["pay_time"])
        # 40 minutes in, nothing has arrived yet
        assert early and not any(o["sku_order_list"][0]["logistics_receipt_time"] for o in early)
        assert all(o["mask_post_receiver"].count("*") >= 2 for o in later)

    run(go())
