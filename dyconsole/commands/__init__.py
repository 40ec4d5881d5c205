"""Headless commands of the `dyconsole` CLI (composition root: each wires sources, storage and services)."""
