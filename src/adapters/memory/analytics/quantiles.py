"""Quantiles as ClickHouse's `quantile` gives them on small sets: linear interpolation
between the two nearest ranks (numpy's default)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def quantile(values: Sequence[float], level: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return math.nan
    position = level * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
