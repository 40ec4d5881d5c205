"""A/B run plans on the broadcast (switchback experiments), pure: the plan and its checks (plan), the seeded
balanced schedule (schedule), the metric over one slot (slot_metric), the always-valid confidence sequence
(confseq), the verdict (analysis) and the power calculation (power). Services, UI, storage and the CLI build on it.
"""
