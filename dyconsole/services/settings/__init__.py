"""dyconsole.services.settings.app_settings."""
