"""The live forecast in the main window: the end-of-broadcast tiles (`live_tiles`). The plan of the next
broadcasts is the history view's Forecast tab (ui.history.forecast_tab)."""
