"""A recorded session as review sees it (pure): `session.RecordedSession` (the series, products, snapshots,
events and alerts of one broadcast, its KPI tiles at a cursor `ReviewTiles`, and `recorded_session(...)` that
assembles one from stored records, the room polls as `room_columns.RoomColumns`) and `replay.ReplaySource` (the session seen up to a cursor, for the charts)."""
