"""The unit of work: transactions, rollback by default, and workspace locks."""

from __future__ import annotations

import asyncio

import pytest

from domain.kernel.errors import AlreadyExists


async def _exists(uow_factory, user_id: str) -> bool:
    async with uow_factory() as uow:
        return await uow.users.get(user_id) is not None


async def test_leaving_without_commit_rolls_back(uow_factory, make):
    user = make.user()
    async with uow_factory() as uow:
        await uow.users.add(user)
        assert await uow.users.get(user.id) == user  # visible inside its own transaction
    assert not await _exists(uow_factory, user.id)


async def test_an_error_inside_rolls_back_and_propagates(uow_factory, make):
    user = make.user()
    with pytest.raises(RuntimeError, match="boom"):
        async with uow_factory() as uow:
            await uow.users.add(user)
            raise RuntimeError("boom")
    assert not await _exists(uow_factory, user.id)


async def test_commit_keeps_work_and_later_work_needs_its_own_commit(uow_factory, make):
    kept, dropped = make.user(), make.user()
    async with uow_factory() as uow:
        await uow.users.add(kept)
        await uow.commit()
        await uow.users.add(dropped)
    assert await _exists(uow_factory, kept.id)
    assert not await _exists(uow_factory, dropped.id)


async def test_rollback_discards_and_the_unit_of_work_goes_on(uow_factory, make):
    discarded, kept = make.user(), make.user()
    async with uow_factory() as uow:
        await uow.users.add(discarded)
        await uow.rollback()
        assert await uow.users.get(discarded.id) is None
        await uow.users.add(kept)
        await uow.commit()
    assert await _exists(uow_factory, kept.id)
    assert not await _exists(uow_factory, discarded.id)


async def test_a_failed_write_leaves_nothing_behind(uow_factory, make, seed):
    taken = make.user(email="taken@example.com")
    await seed(taken)
    fresh = make.user()
    with pytest.raises(AlreadyExists):
        async with uow_factory() as uow:
            await uow.users.add(fresh)
            await uow.users.add(make.user(email="taken@example.com"))
            await uow.commit()
    assert not await _exists(uow_factory, fresh.id)


async def test_lock_holds_other_lockers_until_the_unit_of_work_ends(uow_factory, make, seed):
    ws = make.workspace()
    await seed(ws)
    order: list[str] = []

    async def second() -> None:
        async with uow_factory() as uow:
            await uow.workspaces.lock(ws.id)
            order.append("second")

    async with uow_factory() as uow:
        assert await uow.workspaces.lock(ws.id) == ws
        task = asyncio.create_task(second())
        await asyncio.sleep(0.2)
        order.append("first")
        assert not task.done()
    await asyncio.wait_for(task, 5)
    assert order == ["first", "second"]
