"""Number formats: Compass-style 万/亿 in Chinese, K/M/B in English, missing shown as a dash."""

from __future__ import annotations

import math

import pytest

from dyconsole.core.numfmt import MISSING, fmt_count, fmt_duration, fmt_money, fmt_pct, fmt_ratio


@pytest.mark.parametrize(
    ("v", "zh", "en"),
    [
        (0, "0", "0"),
        (999, "999", "999"),
        (9_999, "9,999", "10K"),
        (12_000, "1.2万", "12K"),
        (12_345, "1.23万", "12.3K"),
        (1_234_567, "123.46万", "1.2M"),
        (99_999_999, "1亿", "100M"),
        (345_000_000, "3.45亿", "345M"),
        (-12_345, "-1.23万", "-12.3K"),
        (12.5, "12.5", "12.5"),
    ],
)
def test_fmt_count(v: float, zh: str, en: str) -> None:
    assert fmt_count(v, "zh") == zh
    assert fmt_count(v, "en") == en


def test_fmt_count_rounding_moves_up_a_unit() -> None:
    assert fmt_count(99_999_990, "zh") == "1亿" and fmt_count(99_999_500, "zh") == "9999.95万"
    assert fmt_count(999_960, "en") == "1M"


@pytest.mark.parametrize(
    ("v", "zh", "en"),
    [(1234.5, "¥1,234.5", "¥1.2K"), (123_456.78, "¥12.35万", "¥123.5K"), (3.0, "¥3", "¥3"), (-20_000, "-¥2万", "-¥20K")],
)
def test_fmt_money(v: float, zh: str, en: str) -> None:
    assert fmt_money(v, "zh") == zh
    assert fmt_money(v, "en") == en


def test_fmt_pct_and_ratio() -> None:
    assert fmt_pct(0.1234) == "12.3%"
    assert fmt_pct(0.5, "en", digits=0) == "50%"
    assert fmt_ratio(3.456) == "3.46"


@pytest.mark.parametrize(
    ("s", "zh", "en"),
    [(45, "45秒", "45s"), (125, "2分05秒", "2m 05s"), (3720, "1小时02分", "1h 02m"), (59.6, "1分00秒", "1m 00s")],
)
def test_fmt_duration(s: float, zh: str, en: str) -> None:
    assert fmt_duration(s, "zh") == zh
    assert fmt_duration(s, "en") == en


@pytest.mark.parametrize("fmt", [fmt_count, fmt_money, fmt_pct, fmt_ratio, fmt_duration])
def test_missing_is_a_dash_never_zero(fmt) -> None:  # type: ignore[no-untyped-def]
    assert fmt(None) == MISSING and fmt(math.nan, "en") == MISSING
