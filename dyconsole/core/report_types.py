"""The shapes a session report is made from and made of, independent of the file it goes to: its inputs (the
session's `SessionMeta`, `AlertItem`s, `NoteItem`s and samples in one `ReportInputs`, which the loaders,
services.reports.inputs, read from the session cache) and the pieces it is built into (`Table`s of `Column`s, with raw
numbers and a display unit per column, and `Chart`s). The report itself, its options and its building are
core.report_model's; the built-in sections' tables, core.report_builtin_sections'. No Qt, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from dyconsole.core.delivery import Shipment
from dyconsole.core.model import AudienceSample, FlowSample, OrderRecord, ProductSample, RoomSample
from dyconsole.core.roi_projection import SessionRoi7


# --- inputs -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SessionMeta:
    id: str
    room_id: str
    title: str
    started_at: float | None
    ended_at: float | None
    status: str
    notes: str = ""


@dataclass(frozen=True, slots=True)
class AlertItem:
    """A fired alert as the report lists it; `texts` its (rule, message) per language ("zh", "en")."""

    fired_at: float
    resolved_at: float | None
    severity: str
    rule: str
    metric: str
    message: str
    texts: tuple[tuple[str, str, str], ...] = ()  # (lang, rule, message)

    def in_language(self, lang: str) -> tuple[str, str]:
        want = "en" if lang.startswith("en") else "zh"
        return next(((r, m) for code, r, m in self.texts if code == want), (self.rule, self.message))


@dataclass(frozen=True, slots=True)
class NoteItem:
    """An operator note or action from the session's event log."""

    ts: float
    kind: str
    text: str


@dataclass(frozen=True)
class ReportInputs:
    meta: SessionMeta
    room: Sequence[RoomSample]
    products: Sequence[ProductSample] = ()
    flow: Sequence[FlowSample] = ()
    audience: Sequence[AudienceSample] = ()
    orders: Sequence[OrderRecord] = ()
    alerts: Sequence[AlertItem] = ()
    notes: Sequence[NoteItem] = ()
    events: Sequence[Any] = ()  # the session's events with their payloads (core.session_records.SessionEvent)
    roi7: SessionRoi7 | None = None  # the 7-day ROI, settled or projected (None: computed from `orders`)
    experiments: Sequence[Any] = ()  # the A/B plans that ran in the session (core.experiments.report_section)
    slots: Sequence[Any] = ()  # the A/B slots the session ran (core.session_records.VariantSlot)
    shipments: Sequence[Shipment] = ()  # the shop's deliveries (core.delivery), for the delivery section
    past: Sequence[Any] = ()  # the room's earlier sessions' curves (core.forecast.live.Curve), for the forecast


# --- output -------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str  # "text", "time" (epoch seconds), or a metric_unit


@dataclass(frozen=True)
class Table:
    key: str  # the section it belongs to (or e.g. "audience:ENTER:CITY")
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    metric: str
    title: str
    unit: str
    ts: tuple[float, ...]
    values: tuple[float | None, ...]
    estimate: bool = False
    axis: str = "clock"  # the x axis: "clock" (times of one session) or "date" (days of a range)
