"""dyconsole.ui.settings."""
