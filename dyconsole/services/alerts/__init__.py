"""dyconsole.services.alerts.service."""
