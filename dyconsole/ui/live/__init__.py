"""dyconsole.ui.live."""
