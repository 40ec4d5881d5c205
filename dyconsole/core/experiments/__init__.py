"""A/B run plans on the broadcast (switchback experiments): planner, runner strip and verdicts plug in here
(issue 11); empty until then."""
