"""dyconsole.services.history: the date-range history's data (sessions of a range with their figures) and exports."""
