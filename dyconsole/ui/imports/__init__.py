"""dyconsole.ui.imports: the import dialog for other channels' exports (File/Console → Import…, sessions browser)."""
