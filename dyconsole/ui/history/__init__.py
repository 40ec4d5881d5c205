"""dyconsole.ui.history: the date-range history view."""
