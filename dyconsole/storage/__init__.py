"""The session cache: one SQLite file (sqlite-utils) holding every recorded broadcast for offline review.

Modules: `db` (open, pragmas, migrations on open), `errors` (operator-readable failures), `schema` +
`migrations` (tables, versions), `recorder` (writes polls as they arrive; a core.feed.PollFanOut listener), `sessions`
(the sessions list, live/ended/interrupted), `loaders` (a session's samples back as core model objects),
`alert_log` (fired alerts and saved rules), `export_csv` (CSV export), `redact` (keeps secrets out).
"""
