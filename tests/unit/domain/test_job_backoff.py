"""Retry delays: min(cap, base · 2^(attempt-1)) · U(0.5, 1]."""

from __future__ import annotations

import pytest

from domain.jobs.backoff import Backoff


@pytest.mark.parametrize(
    ("attempt", "step"), [(1, 2.0), (2, 4.0), (3, 8.0), (9, 512.0), (10, 600.0), (500, 600.0)]
)
def test_the_step_doubles_per_attempt_up_to_the_cap(attempt: int, step: float) -> None:
    longest = Backoff(uniform=lambda: 1.0).delay(attempt).total_seconds()
    shortest = Backoff(uniform=lambda: 1e-9).delay(attempt).total_seconds()
    assert longest == pytest.approx(step)
    assert shortest == pytest.approx(step / 2, rel=1e-6)


def test_the_jitter_spreads_delays_within_half_to_the_whole_step() -> None:
    delays = {Backoff().delay(4).total_seconds() for _ in range(200)}
    assert all(8.0 < d <= 16.0 for d in delays)
    assert len(delays) > 100
