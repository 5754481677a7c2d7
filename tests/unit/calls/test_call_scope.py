"""One transaction per call: writes wait for the call's audit entry and commit with it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from adapters.memory.audit import audit_log
from adapters.system.basics import Uuid7Generator
from domain.audit.entry import AuditEntry, Outcome
from domain.identity.user import User
from entrypoints import call_scope
from entrypoints.call_scope import ScopedUnitOfWorkFactory
from entrypoints.storage import memory_unit_of_work

_ids = Uuid7Generator()
NOW = datetime(2025, 1, 1, tzinfo=UTC)


def _user() -> User:
    n = _ids.new_id()
    return User(id=n, email=f"{n}@example.com", name="n", created_at=NOW, updated_at=NOW)


def _entry() -> AuditEntry:
    return AuditEntry(_ids.new_id(), NOW, "/x.v1.S/Write", Outcome.SUCCESS, "OK", 1)


@pytest.fixture
def factory() -> ScopedUnitOfWorkFactory:
    return ScopedUnitOfWorkFactory(memory_unit_of_work())


async def _stored(factory: ScopedUnitOfWorkFactory, user: User) -> bool:
    async with factory.inner() as uow:
        return await uow.users.get(user.id) is not None


async def _in_call(body):  # type: ignore[no-untyped-def]
    """Runs `body(scope)` as a call does: in its own context, the scope closed at the end."""

    async def call():  # type: ignore[no-untyped-def]
        scope = call_scope.begin()
        try:
            return await body(scope)
        finally:
            await scope.close()
            call_scope.end()

    return await asyncio.create_task(call())


async def test_a_write_commits_only_with_the_calls_entry(factory) -> None:
    user, entry = _user(), _entry()

    async def body(scope):  # type: ignore[no-untyped-def]
        async with factory() as uow:
            await uow.users.add(user)
            await uow.commit()
        assert scope.wrote
        await scope.commit_with(entry)

    await _in_call(body)
    assert await _stored(factory, user)
    assert await audit_log(factory.inner.store).get(entry.id) is not None


async def test_a_call_that_ends_without_its_entry_rolls_its_write_back(factory) -> None:
    user = _user()

    async def body(scope):  # type: ignore[no-untyped-def]
        async with factory() as uow:
            await uow.users.add(user)
            await uow.commit()
        raise RuntimeError("the servicer failed after the use case committed")

    with pytest.raises(RuntimeError):
        await _in_call(body)
    assert not await _stored(factory, user)
    assert await audit_log(factory.inner.store).scan(0, 10) == []


async def test_later_units_of_work_in_the_call_see_its_held_writes(factory) -> None:
    user = _user()

    async def body(scope):  # type: ignore[no-untyped-def]
        async with factory() as uow:
            await uow.users.add(user)
            await uow.commit()
        async with factory(read_only=True) as uow:
            seen = await uow.users.get(user.id)
        await scope.commit_with(_entry())
        return seen

    assert await _in_call(body) == user


async def test_read_only_bookkeeping_commits_at_once_and_holds_nothing(factory) -> None:
    user = _user()

    async def body(scope):  # type: ignore[no-untyped-def]
        async with factory(read_only=True) as uow:
            await uow.users.add(user)
            await uow.commit()
        return scope.wrote

    assert await _in_call(body) is False
    assert await _stored(factory, user)


async def test_outside_a_call_units_of_work_commit_as_they_always_did(factory) -> None:
    user = _user()
    async with factory() as uow:
        await uow.users.add(user)
        await uow.commit()
    assert await _stored(factory, user)
