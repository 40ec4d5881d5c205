"""The run of show in the report (the `run_of_show` section of core.report_builtin_sections; the PDF and the Excel
sheet): the segments table (what each segment is, its start, the figures of core.run_of_show, best and worst) and
conversion against stay (core.dwell: the thirds of the broadcast by share past 3 minutes, and the buying lift as a
caption). Plain columns and rows, in the report's words (core.report_text) and the glossary's; the report model makes
them tables. No Qt."""

from __future__ import annotations

import math
from typing import Any, Mapping, Sequence

from dyconsole.core import glossary
from dyconsole.core.derived import PAID_ORDERS
from dyconsole.core.dwell import StayLift, stay_relationship
from dyconsole.core.model import ProductSample, RoomSample
from dyconsole.core.products.history import ProductHistory
from dyconsole.core.report_text import metric_unit, tr
from dyconsole.core.run_of_show import Segment, SegmentLabel, segments_from

#: (key, label, unit) of a column
ColumnSpec = tuple[str, str, str]
FIGURES: tuple[str, ...] = ("segment_length_s", "segment_entries", "avg_dwell_s", "long_stay_share",
                            "conversion_rate", "segment_conversion_range", "segment_gmv")


def label_text(label: SegmentLabel, lang: str) -> str:
    parts = [label.product] if label.product else []
    if label.variant:
        parts.append(tr("ab_variant", lang, v=label.variant))
    if label.topic:
        parts.append(tr("topic_label", lang, t=label.topic))
    return " · ".join(parts) if parts else tr("no_product", lang)


def _figures(seg: Segment) -> tuple[Any, ...]:
    span = seg.conversion_range()
    return (seg.end - seg.start, seg.entries, seg.avg_stay_s, seg.long_share, seg.conversion,
            None if span is None else f"{span[0]:.2%}~{span[1]:.2%}", seg.gmv)


def segment_table(room: Sequence[RoomSample], rows: Sequence[Mapping[str, float | None]],
                  products: Sequence[ProductSample], events: Sequence[Any], slots: Sequence[Any],
                  lang: str) -> tuple[list[ColumnSpec], list[tuple[Any, ...]]]:
    segs = segments_from(zip(room, rows), ProductHistory.build(products), slots, events)
    cols: list[ColumnSpec] = [("segment", tr("segment", lang), "text"), ("time", tr("time", lang), "time")]
    cols += [(k, glossary.label(k, lang), "text" if k == "segment_conversion_range" else metric_unit(k))
             for k in FIGURES]
    cols.append(("rank", tr("rank", lang), "text"))
    out = [(label_text(s.label, lang), s.start, *_figures(s), tr(s.mark, lang) if s.mark else "") for s in segs]
    return cols, out


def lift_caption(lift: StayLift | None, lang: str) -> str:
    if lift is None:
        return tr("stay_too_short", lang)
    if math.isnan(lift.lift):
        return tr({"steep": "stay_steep", "falls": "stay_falls"}.get(lift.reason, "stay_unreadable"), lang)
    span = "—" if math.isnan(lift.low) else f"{lift.low:.2f}~{lift.high:.2f}"
    return tr("stay_lift_caption", lang, label=glossary.label("stay_lift", lang), lift=f"{lift.lift:.2f}", span=span)


def stay_table(room: Sequence[RoomSample], rows: Sequence[Mapping[str, float | None]],
               lang: str) -> tuple[list[ColumnSpec], list[tuple[Any, ...]], str]:
    ts = [s.ts for s in room]
    bands, lift = stay_relationship(ts, [r.get("online") for r in rows], [r.get("long_stay_share") for r in rows],
                                    [s.values.get(PAID_ORDERS) for s in room])
    cols: list[ColumnSpec] = [("band", tr("stay_band", lang), "text"),
                              ("share", glossary.label("long_stay_share", lang), "text"),
                              ("rate", glossary.label("orders_per_k_viewer_min", lang), "text"),
                              ("range", tr("range90", lang), "text")]
    out = [(tr(f"stay_{b.band}", lang), f"{b.share_low:.1%}~{b.share_high:.1%}", f"{b.rate:.2f}",
            f"{b.rate_low:.2f}~{b.rate_high:.2f}") for b in bands]
    return cols, out, lift_caption(lift, lang)
