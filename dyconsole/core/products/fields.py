"""Products (pure): the product poll's field names the product analyses read (clicks, impressions, the
"being explained" status, paid orders, price, stock), in a module of their own so the product history the live feed
keeps reads them without importing the appeal fit or the ordering."""

from __future__ import annotations

CLICKS = "live_click_product_count_alias"
IMPRESSIONS = "live_product_show_cnt_alias"
EXPLAINING = "BEINGEXPLAIN"
ORDERS = "live_pay_order_count_alias"
PRICE = "live_product_price"
STOCK = "live_product_Inventory"
