"""The console's one glossary: every metric (API field, derived metric, whole-session figure, funnel stage) with
its key, zh and en label, unit and kind (core.glossary.terms), the traffic-source and audience names
(core.glossary.names), and the lookups every tile, legend, column, report, export and CLI flag reads:
`label(key, lang)`, `unit(key)`, `fmt(key, value, lang)`, `resolve(name)` (a key, an alias such as `gmv`, or the
operator's zh or en label such as 成交金额 or "Paid orders").

Languages are 'zh' and 'en' (anything starting with 'en' is English, the rest Chinese). No Qt: the vocabulary is
translated here, not through Qt's .ts files.
"""

from __future__ import annotations

from dyconsole.core import numfmt
from dyconsole.core.glossary.names import (
    AUDIENCE_DIMENSION_NAMES,
    AUDIENCE_EVENT_NAMES,
    AUDIENCE_GROUP_NAMES,
    CHANNEL_NAMES,
    FLOW_SOURCE_NAMES,
    IMPORT_NAMES,
    PLACE_NAMES,
    audience_label,
    place_label,
    channel_label,
    PROVINCE_NAMES,
    REGION_NAMES,
    region_label,
    import_label,
    source_label,
)
from dyconsole.core.glossary.terms import (
    ALL_TERMS,
    DATA_AGE_TERM,
    DERIVED_TERMS,
    EXPERIMENT_TERMS,
    PRODUCT_TERMS,
    REGION_TERMS,
    ROOM_TERMS,
    SESSION_TERMS,
    STAGE_TERMS,
    UNITS,
    Kind,
    Term,
)

__all__ = [
    "ALL_TERMS", "AUDIENCE_DIMENSION_NAMES", "AUDIENCE_EVENT_NAMES", "AUDIENCE_GROUP_NAMES", "CHANNEL_NAMES", "DATA_AGE_TERM",
    "DERIVED_TERMS", "EXPERIMENT_TERMS", "FLOW_SOURCE_NAMES", "IMPORT_NAMES", "Kind", "PRODUCT_TERMS", "PROVINCE_NAMES", "REGION_NAMES", "REGION_TERMS", "ROOM_TERMS", "SESSION_TERMS", "STAGE_TERMS", "TERMS", "Term",
    "UNITS", "ALIASES", "LABELS", "PLACE_NAMES", "place_label", "Named", "audience_label", "channel_label", "fmt", "format_unit", "import_label", "in_points", "label", "region_label", "resolve", "source_label", "term", "unit",
]

TERMS: dict[str, Term] = {t.key: t for t in ALL_TERMS}
#: alias -> key (aliases never shadow a key)
ALIASES: dict[str, str] = {a: t.key for t in ALL_TERMS for a in t.aliases}


def _label_form(text: str) -> str:
    """A label as typed is matched without case and blanks ("paid orders" = "Paid Orders" = "PaidOrders")."""
    return "".join(text.split()).casefold()


#: the operator's labels (zh and en, see _label_form) -> key; where two terms share a label (a room counter and the
#: product figure of the same name) the first in ALL_TERMS, the room's, is meant
LABELS: dict[str, str] = {}
for _t in ALL_TERMS:
    for _text in (_t.zh, _t.en):
        LABELS.setdefault(_label_form(_text), _t.key)


def term(key: str) -> Term:
    """The entry for `key` (raises KeyError when the glossary has none)."""
    return TERMS[key]


def resolve(name: str) -> str | None:
    """The key `name` stands for (itself, the key of an alias, or of a zh/en label); None when unknown."""
    if name in TERMS:
        return name
    return ALIASES.get(name) or LABELS.get(_label_form(name))


def label(key: str, lang: str = "zh") -> str:
    """The operator's word for a metric in `lang`."""
    return TERMS[key].label(lang)


def unit(key: str) -> str:
    """A metric's display unit (one of UNITS)."""
    return TERMS[key].unit


def format_unit(value: float | None, unit_: str, lang: str = "zh") -> str:
    """A value in a display unit as the console prints it (core.numfmt forms; missing is a dash)."""
    v = None if value is None else float(value)
    if unit_ in ("yuan", "yuan_per_min"):
        return numfmt.fmt_money(v, lang)
    if unit_ == "ratio":  # small rates (conversion 0.17%) keep two decimals; 0.2% would hide a 15% difference
        return numfmt.fmt_pct(v, lang, 2 if v is not None and abs(v) < 0.01 else 1)
    if unit_ == "multiple":
        return numfmt.fmt_ratio(v, lang)
    if unit_ == "seconds":
        return numfmt.fmt_duration(v, lang)
    if unit_ == "days":
        return "—" if v is None else (f"{v:.1f} d" if lang.startswith("en") else f"{v:.1f} 天")
    if unit_ == "per_min" and v is not None and abs(v) < 1e4:
        return f"{v:,.1f}"
    return numfmt.fmt_count(v, lang)


#: a difference of two rates is told in percentage points: the unit's word after the figures
POINTS_WORD: dict[str, str] = {"zh": "个百分点", "en": "pp"}


def in_points(figures: str, lang: str = "zh") -> str:
    """`figures` (a difference of two rates, x100) followed by the percentage points' word."""
    return f"{figures} {POINTS_WORD['en' if lang.startswith('en') else 'zh']}"


def fmt(key: str, value: float | None, lang: str = "zh") -> str:
    """A metric's value formatted for display in `lang`."""
    return format_unit(value, unit(key), lang)


class Named:
    """A mixin for whatever is shown under a glossary entry's name (a KPI tile, a funnel stage, a compared KPI): its
    `term` (the glossary key) gives `zh`, `en`, `label(lang)` and `unit`."""

    __slots__ = ()
    term: str

    @property
    def zh(self) -> str:
        return label(self.term, "zh")

    @property
    def en(self) -> str:
        return label(self.term, "en")

    @property
    def unit(self) -> str:
        return unit(self.term)

    def label(self, lang: str = "zh") -> str:
        return label(self.term, lang)
