"""Dwell and the run of show in the windows: the live side tab and tile, the review tab, the segments table."""
