"""The standing cache's switch: any positive number of seconds caches, 0 turns it off."""

from __future__ import annotations

import pytest

from adapters.postgres.identity.standing_cache import StandingCache
from tests.unit.test_standing_cache import Clock, standing


@pytest.mark.parametrize(("seconds", "cached"), [(0.0, False), (0.5, True), (1.0, True)])
def test_a_sub_second_ttl_still_caches_and_zero_does_not(seconds: float, cached: bool) -> None:
    clock = Clock()
    cache = StandingCache(seconds, clock=clock)
    cache.put("w1", "u1", standing(1))
    assert (cache.get("w1", "u1") == standing(1)) is cached
    clock.now += seconds
    assert cache.get("w1", "u1") is None
