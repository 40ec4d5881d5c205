"""Settling sessions' 7-day ROI: the resumable fetch of the following week's Doudian orders (`runner`, no Qt, also
used by `dyconsole settle`) and the console's background settling when it opens (`background`)."""
