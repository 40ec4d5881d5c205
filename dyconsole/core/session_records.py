"""The plain records of one recorded session, as storage reads them back and review, the CLI and reports use them:
its headline figures (`SessionSummary`), an operator or recorder event (`SessionEvent`), an A/B slot it ran
(`VariantSlot`) and an alert as logged (`StoredAlert`). Data only: storage fills them, nothing here reads a file.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from dyconsole.core.alerts.defaults import alert_text


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """One recorded session as the sessions list shows it. Times are broadcast-clock epoch seconds."""

    id: str
    room_id: str
    title: str
    started_at: float | None
    ended_at: float | None
    status: str  # live / ended / interrupted
    samples: int  # room samples, gaps excluded
    room_gaps: int  # room polls that failed
    peak_online: float | None  # real online count when the source has one, else the estimate's peak
    gmv: float | None  # last cumulative live_pay_order_gmv_alias (yuan)
    orders: float | None  # last cumulative live_pay_order_count_alias
    end_reason: str  # 'finish' (the room finished), 'stopped' (by the operator) or ''
    notes: str
    source: str
    peak_online_is_estimate: bool = False  # peak_online is the console's estimate (no real count recorded)
    last_sample_at: float | None = None  # broadcast time of the last room sample (gaps excluded)

    @property
    def length_s(self) -> float | None:
        """Start to the stored end; a session without one (interrupted: its window or recorder was killed, or still
        live) up to its last sample; None when it has neither."""
        if self.started_at is None:
            return None
        end = self.ended_at if self.ended_at is not None else self.last_sample_at
        return max(0.0, end - self.started_at) if end is not None else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["length_s"] = self.length_s
        return data


@dataclass(frozen=True, slots=True)
class SessionEvent:
    """An operator action or a recorder event (resumed, stopped, order change, variant switch, note)."""

    ts: float
    kind: str
    payload: dict[str, Any]


@dataclass(frozen=True, slots=True)
class VariantSlot:
    """One A/B plan's time slot as recorded with a session (ab_slots): the variant that ran from `starts_at` to
    `ends_at` (None: still running)."""

    variant: str
    starts_at: float
    ends_at: float | None


@dataclass(frozen=True, slots=True)
class StoredAlert:
    """A fired alert as the alert log keeps it (resolved / acknowledged when that happened). `rule` and `message`
    are as said when it fired (the recording's language); `rule_id` and the message in both languages let review
    and reports show it in theirs (`in_language`); rows from before they were kept have them empty."""

    id: int
    session_id: str | None
    rule: str
    metric: str
    severity: str
    fired_at: float
    resolved_at: float | None
    acknowledged_at: float | None
    message: str
    value: float | None
    rule_id: str = ""
    message_zh: str = ""
    message_en: str = ""

    def in_language(self, lang: str) -> tuple[str, str]:
        """(rule name, message) in `lang` (core.alerts.defaults.alert_text)."""
        return alert_text(self.rule_id, self.rule, self.message, self.message_zh, self.message_en, lang)
