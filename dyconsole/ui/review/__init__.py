"""dyconsole.ui.review."""
