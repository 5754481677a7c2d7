"""A verified key is cached until the earlier of the cache's TTL and the key's own expiry."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from adapters.memory.principal_cache import InMemoryPrincipalCache
from adapters.memory.store import InMemoryUnitOfWorkFactory
from domain.identity.auth import Authenticate
from domain.identity.deps import IdentityDeps, IdentityPolicy
from domain.kernel.errors import Unauthenticated
from domain.kernel.principal import Principal
from tests.unit.domain.conftest import START, FakeClock, Person, UseCases

CACHE_TTL = timedelta(seconds=60)
KEY_TTL = timedelta(seconds=10)
JUST_BEFORE = timedelta(microseconds=1)


@pytest.fixture
def cached(deps: IdentityDeps) -> Authenticate:
    policy = dataclasses.replace(IdentityPolicy(), auth_cache_ttl=CACHE_TTL)
    return Authenticate(
        dataclasses.replace(deps, policy=policy, auth_cache=InMemoryPrincipalCache())
    )


async def test_a_cached_key_expires_at_its_own_expiry_not_the_caches(
    uc: UseCases, cached: Authenticate, clock: FakeClock, alice: Person
) -> None:
    issued = await uc.create_api_key.execute(alice.principal, "short", None, KEY_TTL)
    assert (await cached.execute(issued.secret)).user_id == alice.id  # now cached
    clock.advance((KEY_TTL - JUST_BEFORE).total_seconds())
    assert (await cached.execute(issued.secret)).user_id == alice.id
    clock.advance(JUST_BEFORE.total_seconds())
    with pytest.raises(Unauthenticated):
        await cached.execute(issued.secret)


async def test_a_key_without_expiry_is_trusted_for_the_caches_ttl(
    uc: UseCases,
    cached: Authenticate,
    clock: FakeClock,
    alice: Person,
    uow: InMemoryUnitOfWorkFactory,
) -> None:
    issued = await uc.create_api_key.execute(alice.principal, "lasting", None, None)
    first = await cached.execute(issued.secret)
    async with uow() as store:  # a change the cache was not told of
        await store.api_keys.revoke_all_for_user(alice.id, START)
        await store.commit()
    clock.advance((CACHE_TTL - JUST_BEFORE).total_seconds())
    assert (await cached.execute(issued.secret)).api_key_id == first.api_key_id
    clock.advance(JUST_BEFORE.total_seconds())
    with pytest.raises(Unauthenticated):
        await cached.execute(issued.secret)


def test_the_cache_answers_until_just_before_the_entrys_end() -> None:
    cache, principal = (
        InMemoryPrincipalCache(),
        Principal("u-1", "a@example.com", "a", False, "k-1"),
    )
    cache.put("digest", principal, START + KEY_TTL)
    assert cache.get("digest", START + KEY_TTL - JUST_BEFORE) is principal
    assert cache.get("digest", START + KEY_TTL) is None
    assert cache.get("digest", START) is None  # an ended entry is gone


def test_a_full_cache_forgets_its_oldest_entry() -> None:
    cache, principal = (
        InMemoryPrincipalCache(max_entries=2),
        Principal("u-1", "a@example.com", "a", False, "k-1"),
    )
    for name in ("a", "b", "c"):
        cache.put(name, principal, START + KEY_TTL)
    assert [cache.get(n, START) for n in ("a", "b", "c")] == [None, principal, principal]
