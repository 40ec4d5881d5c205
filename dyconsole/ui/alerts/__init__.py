"""dyconsole.ui.alerts."""
