"""Products while live (no Qt): the surge hints (`surge.SurgeWatch`, a poll listener the window and the headless
`record` both add to their fan-out)."""
