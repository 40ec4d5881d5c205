"""Dwell and the run of show while live: the current segment and the segments so far (run_of_show)."""
