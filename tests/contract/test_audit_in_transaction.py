"""A unit of work's audit entries commit or roll back with its writes, on every adapter."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from adapters.memory.audit import audit_log
from adapters.postgres.audit.log import SqlaAuditLog
from domain.kernel.errors import AlreadyExists
from tests.contract.test_audit_log import entry, everything, verify


def _log(uow_factory: Any) -> Any:
    """The audit log the factory's units of work append to."""
    store = getattr(uow_factory, "store", None)
    return audit_log(store) if store is not None else SqlaAuditLog(uow_factory.engine)


async def _user_exists(uow_factory: Any, user_id: str) -> bool:
    async with uow_factory() as uow:
        return await uow.users.get(user_id) is not None


async def test_an_entry_commits_with_its_write(uow_factory, make):
    user, e = make.user(), entry()
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.audit.append([e])
        await uow.commit()
    log = _log(uow_factory)
    stored = await log.get(e.id)
    assert stored is not None and stored.sequence == e.sequence and stored.hash == e.hash
    assert await _user_exists(uow_factory, user.id)
    assert (await verify(log)).problem is None


async def test_a_write_rolled_back_leaves_neither_it_nor_its_entry(uow_factory, make):
    user, e = make.user(), entry()
    async with uow_factory() as uow:
        await uow.users.add(user)
        await uow.audit.append([e])
    assert await _log(uow_factory).get(e.id) is None
    assert not await _user_exists(uow_factory, user.id)
    later = entry()
    async with uow_factory() as uow:
        await uow.audit.append([later])
        await uow.commit()
    assert later.sequence == 1  # the rolled-back entry left no gap in the chain


async def test_an_entry_already_stored_fails_the_write_with_it(uow_factory, make):
    first = entry()
    async with uow_factory() as uow:
        await uow.audit.append([first])
        await uow.commit()
    user = make.user()
    with pytest.raises(AlreadyExists):
        async with uow_factory() as uow:
            await uow.users.add(user)
            await uow.audit.append([entry(id=first.id)])
            await uow.commit()
    assert not await _user_exists(uow_factory, user.id)
    assert len(await everything(_log(uow_factory))) == 1


async def test_concurrent_writes_with_entries_keep_one_chain(uow_factory, make):
    async def write(n: int) -> None:
        async with uow_factory() as uow:
            await uow.users.add(make.user())
            await uow.audit.append([entry() for _ in range(1 + n % 2)])
            await uow.commit()

    await asyncio.gather(*(write(n) for n in range(12)))
    log = _log(uow_factory)
    stored = await everything(log)
    assert [e.sequence for e in stored] == list(range(1, 19))
    assert (await verify(log)).problem is None
