"""Pure domain code: model types, series, analyses. No Qt, no I/O (enforced by tests/test_layers.py)."""
