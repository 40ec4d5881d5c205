"""dyconsole.services.reports."""
