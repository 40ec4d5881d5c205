"""dyconsole.ui.common."""
