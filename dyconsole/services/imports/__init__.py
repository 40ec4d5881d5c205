"""dyconsole.services.imports: importing other channels' exports (preview, then all-or-nothing import)."""
