"""The session cache: one SQLite file (sqlite-utils) holding every recorded broadcast for offline review.

Modules: `db` (open, pragmas), `errors` (operator-readable failures), `schema` + `migrations` (tables, versions),
`recorder` (writes polls as they arrive), `sessions` (queries and loaders), `export_csv` (CSV export),
`redact` (keeps secrets out of what is stored).
"""
