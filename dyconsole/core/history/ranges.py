"""The date ranges the history offers (this week, the last 7 or 30 days, this month, or a custom from/to), as
inclusive local calendar days, and the epoch-second bounds a loader filters session starts with."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

#: preset keys in the order the view offers them; "custom" keeps the from/to the operator picked
PRESETS: tuple[str, ...] = ("this_week", "last_7_days", "last_30_days", "this_month", "custom")


def preset_range(key: str, today: date) -> tuple[date, date]:
    """The inclusive days of preset `key` ending today (raises KeyError for "custom" or an unknown key)."""
    if key == "this_week":
        return today - timedelta(days=today.weekday()), today
    if key == "last_7_days":
        return today - timedelta(days=6), today
    if key == "last_30_days":
        return today - timedelta(days=29), today
    if key == "this_month":
        return today.replace(day=1), today
    raise KeyError(key)


def day_bounds(first: date, last: date) -> tuple[float, float]:
    """[start of `first`, start of the day after `last`) in local epoch seconds; raises ValueError if reversed."""
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    lo = datetime.combine(first, time.min).timestamp()
    hi = datetime.combine(last + timedelta(days=1), time.min).timestamp()
    return lo, hi


def days(first: date, last: date) -> list[date]:
    """Every day from `first` to `last`, inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]
