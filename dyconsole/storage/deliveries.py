"""The shop's past deliveries on disk: every order the settling fetches stored (storage.settlements'
`settle_orders`, shop-wide, each order once: its latest reading) as core.delivery Shipments (province, city, ship
and logistics receipt times, when read). Nothing finer than a city is stored; this module only reads.
"""

from __future__ import annotations

from sqlite_utils import Database

from dyconsole.core.delivery import Shipment


def shipments(db: Database) -> list[Shipment]:
    """Every stored order with a province, its latest reading (an order fetched by two sessions' settles counts
    once); [] for a database without delivery columns (older than this code, opened read-only)."""
    if not db["settle_orders"].exists() or "seen_at" not in db["settle_orders"].columns_dict:
        return []
    rows = db.execute(
        "SELECT order_id, province, city, ship_time, receipt_time, max(seen_at) FROM settle_orders "
        "WHERE province IS NOT NULL AND province != '' AND seen_at IS NOT NULL GROUP BY order_id").fetchall()
    return [Shipment(str(oid), province, city or "", ship, receipt, float(seen))
            for oid, province, city, ship, receipt, seen in rows]
