"""Forecasts from the room's own history (pure numpy): the live end-of-broadcast GMV and orders (`live`), and the
next broadcasts' GMV by date with weekday seasonality (`planning`). Each figure carries its 80% interval."""
