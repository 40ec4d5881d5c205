"""dyconsole.ui.reports."""
