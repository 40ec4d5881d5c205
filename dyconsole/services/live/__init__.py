"""dyconsole.services.live."""
