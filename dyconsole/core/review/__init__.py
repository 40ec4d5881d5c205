"""A recorded session as review sees it (pure): `session.RecordedSession` (the series, products, snapshots,
events and alerts of one broadcast, and `recorded_session(...)` that assembles one from stored records) and
`replay` (the session seen up to a cursor: `ReplaySource` for the charts, `ReviewTiles` for the KPI tiles)."""
