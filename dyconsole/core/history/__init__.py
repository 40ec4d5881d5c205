"""Across broadcasts (date-range history): the figures of each session, how a metric adds up over a range, the
range presets, and the summaries the history view and the range report show. No Qt, no I/O."""
