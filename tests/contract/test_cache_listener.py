"""Two instances on one database: a change committed on one clears the other's caches."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from sqlalchemy import text

from adapters.memory.principal_cache import InMemoryPrincipalCache
from adapters.postgres.identity.standing_cache import StandingCache
from adapters.postgres.infra.cache_listener import APPLICATION_NAME, CacheListener
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from entrypoints.storage import postgres_unit_of_work

pytestmark = pytest.mark.postgres
FAR = datetime(2100, 1, 1, tzinfo=UTC)


class Instance:
    """What one server holds: its units of work, its standing and principal caches."""

    def __init__(self, engine, url: str) -> None:
        self.standing = StandingCache(60.0)
        self.principals = InMemoryPrincipalCache()
        self.uow = postgres_unit_of_work(engine, standing=self.standing)
        self.listener = CacheListener(url, retry_seconds=0.1)


async def eventually(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = asyncio.get_running_loop().time() + seconds
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


@pytest.fixture
async def pair(clean_db, migrated_db_url, make) -> AsyncIterator[tuple[Instance, Instance, tuple]]:
    a, b = Instance(clean_db, migrated_db_url), Instance(clean_db, migrated_db_url)
    user, ws = make.user(), make.workspace()
    membership = make.membership(ws, user, Role.VIEWER)
    async with a.uow() as uow:
        await uow.users.add(user)
        await uow.workspaces.add(ws)
        await uow.members.add(membership)
        await uow.commit()
    await b.listener.start([b.principals, b.standing])
    assert await eventually(b.listener.listening.is_set)
    yield a, b, (user, ws, membership)
    await b.listener.stop()


async def remember(b: Instance, user, ws) -> None:
    """B reads the standing (now cached) and verifies a key (now cached)."""
    async with b.uow(read_only=True) as uow:
        assert await uow.workspaces.get_with_membership(ws.id, user.id) is not None
    b.principals.put("digest", Principal(user.id, user.email, None, False, "k"), FAR)
    assert b.standing.get(ws.id, user.id) is not None


def forgotten(b: Instance, user, ws) -> Callable[[], bool]:
    now = datetime.now(UTC)
    return lambda: (
        b.standing.get(ws.id, user.id) is None and b.principals.get("digest", now) is None
    )


async def test_a_membership_removed_on_one_instance_is_forgotten_by_the_other(pair) -> None:
    a, b, (user, ws, _) = pair
    await remember(b, user, ws)
    async with a.uow() as uow:
        await uow.members.remove(ws.id, user.id)
        await uow.commit()
    assert await eventually(forgotten(b, user, ws))
    async with b.uow(read_only=True) as uow:
        assert await uow.workspaces.get_with_membership(ws.id, user.id) == (ws, None)


async def test_a_change_rolled_back_is_not_announced(pair) -> None:
    a, b, (user, ws, _) = pair
    await remember(b, user, ws)
    async with a.uow() as uow:
        await uow.members.remove(ws.id, user.id)
    assert not await eventually(forgotten(b, user, ws), seconds=0.5)


async def test_a_key_revoked_on_one_instance_is_forgotten_by_the_other(pair, make) -> None:
    a, b, (user, ws, _) = pair
    key = make.key(user)
    async with a.uow() as uow:
        await uow.api_keys.add(key)
        await uow.commit()
    await remember(b, user, ws)
    async with a.uow() as uow:
        await uow.api_keys.revoke_all_for_user(user.id, datetime.now(UTC) - timedelta(seconds=1))
        await uow.commit()
    assert await eventually(forgotten(b, user, ws))


async def test_a_lost_listening_connection_clears_and_listens_again(pair, clean_db) -> None:
    a, b, (user, ws, _) = pair
    await remember(b, user, ws)
    async with clean_db.connect() as conn:
        await conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = :n"
            ),
            {"n": APPLICATION_NAME},
        )
    assert await eventually(forgotten(b, user, ws))
    assert await eventually(b.listener.listening.is_set)
    await remember(b, user, ws)
    async with a.uow() as uow:
        await uow.members.remove(ws.id, user.id)
        await uow.commit()
    assert await eventually(forgotten(b, user, ws))


class _DiesMidCommand(CacheListener):
    """A listener whose first connection dies in the middle of a command."""

    def __init__(self, url: str) -> None:
        super().__init__(url, retry_seconds=0.01)
        self.attempts = 0

    async def _listen(self) -> None:
        self.attempts += 1
        if self.attempts == 1:
            raise asyncpg.exceptions.InternalClientError("another operation is in progress")
        await super()._listen()


async def test_a_connection_dying_mid_command_does_not_end_listening(migrated_db_url) -> None:
    listener = _DiesMidCommand(migrated_db_url)
    await listener.start([])
    try:
        assert await eventually(listener.listening.is_set)
        assert listener.attempts == 2
    finally:
        await listener.stop()
