"""Forecasts as the window asks for them: the live end-of-broadcast forecast (a poll listener) and the next
broadcasts' plan of a date range."""
