"""Products while live: the surge hints (`surge.SurgeWatch`, a poll listener the window and the headless `record`
both add to their fan-out; no Qt) and the order-adjustment service (`ordering.OrderingService`, QtCore: the
suggested order, the changes made to it and their measured effect)."""
