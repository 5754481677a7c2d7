"""The memory store's quantiles are numpy's default (linear) ones, as ClickHouse's on
small sets, so the store contract can hold every adapter to the same figures."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from adapters.memory.analytics.quantiles import quantile


@pytest.mark.parametrize("seed", range(20))
def test_quantiles_match_numpys_linear_interpolation(seed: int) -> None:
    rng = random.Random(seed)
    values = [rng.uniform(-1e6, 1e6) for _ in range(rng.randint(1, 200))]
    for level in (0.0, 0.5, 0.95, 1.0):
        expected = float(np.quantile(values, level))
        assert quantile(values, level) == pytest.approx(expected, rel=1e-12, abs=1e-9)


def test_no_values_have_no_quantile() -> None:
    assert math.isnan(quantile([], 0.5))
