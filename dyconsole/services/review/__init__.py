"""Review services: opening recorded sessions off the UI thread (loader), the sessions catalog (catalog) and the
comparison of two sessions (compare)."""
