"""Number formats the operator reads: counts, money, percentages and durations, in Chinese or English.

Chinese follows Compass (罗盘): plain digits below 1万, then 1.2万 and 3.45亿 (>= 1e4 / >= 1e8); money is yuan
with ¥. English uses 12.3K / 1.2M / 3.4B. A missing value (None or NaN) is shown as "—", never as 0.
"""

from __future__ import annotations

import math

MISSING = "—"
LANGS: tuple[str, ...] = ("zh", "en")

_ZH_UNITS: tuple[tuple[float, str], ...] = ((1e8, "亿"), (1e4, "万"))
_EN_UNITS: tuple[tuple[float, str], ...] = ((1e9, "B"), (1e6, "M"), (1e3, "K"))


def _missing(v: float | None) -> bool:
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def _trim(text: str) -> str:
    """'1.20' -> '1.2', '3.00' -> '3'."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _scaled(v: float, lang: str, digits: int) -> str:
    units = _ZH_UNITS if lang == "zh" else _EN_UNITS
    sign = "-" if v < 0 else ""
    a = abs(v)
    for size, suffix in units:
        if a >= size:
            scaled = a / size
            # 9999.96万 would round to "10000万": move up a unit instead
            text = _trim(f"{scaled:.{digits}f}")
            if float(text) >= 1e4 and lang == "zh" and suffix == "万":
                return f"{sign}{_trim(f'{a / 1e8:.{digits}f}')}亿"
            if float(text) >= 1e3 and lang == "en" and suffix != "B":
                bigger = {"K": (1e6, "M"), "M": (1e9, "B")}[suffix]
                return f"{sign}{_trim(f'{a / bigger[0]:.{digits}f}')}{bigger[1]}"
            return f"{sign}{text}{suffix}"
    return ""


def fmt_count(v: float | None, lang: str = "zh", digits: int = 2) -> str:
    """A count: 9,876 / 1.23万 / 3.45亿 (zh); 9,876 / 12.3K / 1.2M (en). Fractions below 1e4 keep one decimal."""
    if _missing(v):
        return MISSING
    assert v is not None
    scaled = _scaled(float(v), lang, digits if lang == "zh" else 1)
    if scaled:
        return scaled
    if float(v).is_integer():
        return f"{int(v):,}"
    return _trim(f"{v:,.1f}")


def fmt_money(v: float | None, lang: str = "zh", digits: int = 2) -> str:
    """Yuan: ¥1,234.5 / ¥12.35万 (zh); ¥1,234.5 / ¥12.3K (en)."""
    if _missing(v):
        return MISSING
    assert v is not None
    scaled = _scaled(float(v), lang, digits if lang == "zh" else 1)
    sign = "-" if v < 0 else ""
    if scaled:
        return f"{sign}¥{scaled.lstrip('-')}"
    return f"{sign}¥{_trim(f'{abs(v):,.2f}')}"


def fmt_pct(v: float | None, lang: str = "zh", digits: int = 1) -> str:
    """A ratio 0..1 as a percentage: 0.1234 -> 12.3%. Both languages use the same form."""
    if _missing(v):
        return MISSING
    assert v is not None
    return f"{v * 100:.{digits}f}%"


def fmt_ratio(v: float | None, lang: str = "zh", digits: int = 2) -> str:
    """A multiple such as ROI: 3.456 -> 3.46."""
    if _missing(v):
        return MISSING
    assert v is not None
    return f"{v:.{digits}f}"


def fmt_duration(s: float | None, lang: str = "zh") -> str:
    """Seconds: 45秒 / 2分05秒 / 1小时02分 (zh); 45s / 2m 05s / 1h 02m (en)."""
    if _missing(s):
        return MISSING
    assert s is not None
    sign = "-" if s < 0 else ""
    total = int(round(abs(s)))
    h, rem = divmod(total, 3600)
    m, sec = divmod(rem, 60)
    if lang == "zh":
        if h:
            return f"{sign}{h}小时{m:02d}分"
        if m:
            return f"{sign}{m}分{sec:02d}秒"
        return f"{sign}{sec}秒"
    if h:
        return f"{sign}{h}h {m:02d}m"
    if m:
        return f"{sign}{m}m {sec:02d}s"
    return f"{sign}{sec}s"
