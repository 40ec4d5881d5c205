"""Who the viewers are: the city, gender and age labels the audience endpoint reports, their population
weights, how much each group tends to buy, and the ENTER/PAY breakdowns by dimension.
"""

from __future__ import annotations

import numpy as np

CITIES: tuple[str, ...] = (
    "北京", "上海", "广州", "深圳", "成都", "杭州", "重庆", "武汉",
    "西安", "南京", "苏州", "天津", "长沙", "郑州", "东莞", "其他",
)
CITY_WEIGHTS = np.array([6, 6, 5, 5, 5, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2, 41], dtype=float)
GENDERS: tuple[str, ...] = ("FEMALE", "MALE", "UNKNOWN")
GENDER_WEIGHTS = np.array([0.62, 0.33, 0.05])
AGES: tuple[str, ...] = ("AGE_18_23", "AGE_24_30", "AGE_31_40", "AGE_41_50", "AGE_ABOVE_50")
AGE_WEIGHTS = np.array([0.16, 0.29, 0.30, 0.16, 0.09])

#: how much more (or less) likely to buy than average, by group
GENDER_BUY = np.array([1.2, 0.75, 0.8])
AGE_BUY = np.array([0.6, 1.0, 1.35, 1.15, 0.8])

LABELS: dict[str, tuple[str, ...]] = {"CITY": CITIES, "GENDER": GENDERS, "AGE": AGES}
ACTION_EVENTS: tuple[str, ...] = ("ENTER", "PAY")


def cumulative(weights: np.ndarray) -> np.ndarray:
    """Weights -> an inverse-CDF table for `pick`."""
    c = np.cumsum(weights, dtype=float)
    return c / c[-1]


CITY_CDF, GENDER_CDF, AGE_CDF = cumulative(CITY_WEIGHTS), cumulative(GENDER_WEIGHTS), cumulative(AGE_WEIGHTS)


def pick(cdf: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Category index for each uniform in `u`."""
    return np.minimum(np.searchsorted(cdf, u, side="right"), len(cdf) - 1).astype(np.int8)


def buy_propensity(gender: np.ndarray, age: np.ndarray) -> np.ndarray:
    return (GENDER_BUY[gender] * AGE_BUY[age]).astype(np.float32)


def breakdown(dimension: str, codes: np.ndarray) -> list[tuple[str, int]]:
    """(label, count) for every label of `dimension`, in the label order above."""
    return breakdown_counts(dimension, np.bincount(codes.astype(np.int64), minlength=len(LABELS[dimension])))


def breakdown_counts(dimension: str, counts: np.ndarray) -> list[tuple[str, int]]:
    """(label, count) for every label of `dimension` from the counts by code."""
    return [(label, int(n)) for label, n in zip(LABELS[dimension], counts)]


def check_query(action_event: str, dimension: str) -> None:
    if action_event not in ACTION_EVENTS:
        raise ValueError(f"action_event must be one of {ACTION_EVENTS}, got {action_event!r}")
    if dimension not in LABELS:
        raise ValueError(f"dimension must be one of {tuple(LABELS)}, got {dimension!r}")
