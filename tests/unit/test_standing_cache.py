"""The standing cache: entries expire, the oldest goes when full, and it can be switched off."""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.postgres.identity.standing_cache import StandingCache
from domain.identity.workspace import Membership, Workspace
from domain.kernel.roles import Role

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def standing(n: int) -> tuple[Workspace, Membership]:
    ws = Workspace(f"w{n}", f"W{n}", f"w-{n}", T0, T0, 1)
    return ws, Membership(f"m{n}", ws.id, f"u{n}", Role.VIEWER, T0, T0)


def test_an_entry_is_served_until_it_expires() -> None:
    clock = Clock()
    cache = StandingCache(5.0, clock=clock)
    cache.put("w1", "u1", standing(1))
    clock.now += 4.9
    assert cache.get("w1", "u1") == standing(1)
    assert cache.get("w1", "u2") is None
    clock.now += 0.1
    assert cache.get("w1", "u1") is None


def test_the_oldest_entry_goes_when_full_and_clear_empties_it() -> None:
    cache = StandingCache(5.0, max_entries=2, clock=Clock())
    for n in range(3):
        cache.put(f"w{n}", f"u{n}", standing(n))
    assert cache.get("w0", "u0") is None
    assert cache.get("w2", "u2") == standing(2)
    cache.clear()
    assert cache.get("w2", "u2") is None


def test_zero_seconds_keeps_nothing() -> None:
    cache = StandingCache(0.0, clock=Clock())
    cache.put("w1", "u1", standing(1))
    assert cache.get("w1", "u1") is None
