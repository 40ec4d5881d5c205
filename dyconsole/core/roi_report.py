"""What the review tab and the report say about a session's 7-day ROI (core.roi_projection.SessionRoi7): the
figure under its own glossary name (settled or projected, never the GMV/cost ROI's), a projection's 90% range, the
platform-style GMV/cost ROI beside it, and a settled figure's parts (paid in the session, refunds, the same buyers'
repurchases, ad spend). Rows are (glossary key, value, unit); a range is text. Pure.
"""

from __future__ import annotations

from typing import Any

from dyconsole.core import glossary
from dyconsole.core.report_text import tr
from dyconsole.core.roi_projection import SessionRoi7

Row = tuple[str, Any, str]  # (glossary key, value, unit: a glossary unit, or "text")


def range_text(roi7: SessionRoi7, lang: str) -> str:
    f = roi7.figure
    if f.low is None or f.high is None:
        return "—"
    return f"{glossary.fmt(f.term, f.low, lang)} – {glossary.fmt(f.term, f.high, lang)}"


def roi7_rows(roi7: SessionRoi7, lang: str) -> list[Row]:
    f = roi7.figure
    rows: list[Row] = [(f.term, f.value, "multiple")]
    if not f.settled:
        rows.append(("roi7_range", range_text(roi7, lang), "text"))
    live_roi = roi7.gmv_yuan / roi7.spend_yuan if roi7.gmv_yuan is not None and roi7.spend_yuan else None
    rows.append(("live_roi", live_roi, "multiple"))
    s = roi7.settled
    if s is not None:
        rows += [("paid_in_session", s.paid_yuan, "yuan"), ("refunded_7d", s.refunded_yuan, "yuan"),
                 ("repurchase_7d", s.repurchase_yuan, "yuan"), ("repurchase_orders_7d", float(s.repurchases), "count"),
                 ("sales_7d", s.sales_yuan, "yuan"), ("stat_cost", s.ad_spend_yuan, "yuan")]
    else:
        rows += [("live_pay_order_gmv_alias", roi7.gmv_yuan, "yuan"), ("stat_cost", roi7.spend_yuan, "yuan")]
    return rows


def roi7_note(roi7: SessionRoi7, lang: str) -> str:
    """One sentence on what the figure stands on."""
    if roi7.figure.settled:
        return tr("roi7_settled_note", lang)
    n = roi7.factor.sessions if roi7.factor is not None else 0
    return tr("roi7_history_note", lang, n=str(n)) if n else tr("roi7_prior_note", lang)
