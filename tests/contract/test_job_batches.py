"""Jobs read and written many at a time, on every adapter: scoping, order, writes."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from domain.jobs.values import JobStatus
from domain.kernel.errors import NotFound
from tests.contract.conftest import T0
from tests.contract.test_jobs_repositories import Place, _add, _claim, _job
from tests.contract.thread_runs_kit import make_kit, store

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def ws(make: Any, seed: Any) -> Place:
    user, ws = make.user(), make.workspace()
    await seed(user, ws)
    return Place(ws.id, user.id)


async def test_get_many_returns_the_workspace_s_jobs_among_the_ids_in_id_order(
    uow_factory, make, ws, seed
) -> None:
    jobs = [_job(make, ws) for _ in range(3)]
    await _add(uow_factory, *jobs)
    other = make.workspace()
    await seed(other)
    asked = [jobs[2].id, "not-a-uuid", make.id(), jobs[0].id, jobs[1].id]
    async with uow_factory() as uow:
        got = await uow.jobs.get_many(ws.id, asked, lock=True)
        assert [j.id for j in got] == sorted(j.id for j in jobs)
        assert await uow.jobs.get_many(other.id, asked) == []
        assert await uow.jobs.get_many(ws.id, []) == []


async def test_update_many_writes_every_row_and_refuses_a_missing_one(
    uow_factory, make, ws
) -> None:
    jobs = [_job(make, ws) for _ in range(3)]
    await _add(uow_factory, *jobs)
    async with uow_factory() as uow:
        claimed = await uow.jobs.claim(_claim(ws, limit=3))
        await uow.commit()
    later = T0 + timedelta(seconds=5)
    async with uow_factory() as uow:
        held = await uow.jobs.get_many(ws.id, [j.id for j in claimed], lock=True)
        for n, job in enumerate(held):
            job.complete(job.lease_epoch, {"n": n}, later)
        await uow.jobs.update_many(held)
        await uow.commit()
    async with uow_factory() as uow:
        back = await uow.jobs.get_many(ws.id, [j.id for j in jobs])
    assert [(j.status, j.output, j.completed_at) for j in back] == [
        (JobStatus.COMPLETED, {"n": n}, later) for n in range(3)
    ]
    assert all(j.lease_holder is None and j.progress == 1.0 for j in back)
    missing = _job(make, ws)
    with pytest.raises(NotFound):
        async with uow_factory() as uow:
            await uow.jobs.update_many([back[0], missing])


async def test_get_locking_unthreaded_reads_runs_on_threads_and_jobs_on_none(
    uow_factory, make, seed
) -> None:
    k = await make_kit(make, seed)
    thread = k.thread()
    on_thread, alone = k.run(thread), k.run(None)
    await store(uow_factory, thread, on_thread, alone)
    async with uow_factory() as uow:
        for job in (on_thread, alone):
            assert await uow.jobs.get_locking_unthreaded(k.ws.id, job.id) == await uow.jobs.get(
                k.ws.id, job.id
            )
        assert await uow.jobs.get_locking_unthreaded(k.other.id, alone.id) is None
        assert await uow.jobs.get_locking_unthreaded(k.ws.id, "not-a-uuid") is None


async def test_get_many_locking_unthreaded_reads_them_all_in_id_order(
    uow_factory, make, seed
) -> None:
    k = await make_kit(make, seed)
    thread = k.thread()
    jobs = [k.run(thread), k.run(None), k.run(thread), k.run(None)]
    await store(uow_factory, thread, *jobs)
    ids = [j.id for j in jobs] + ["not-a-uuid"]
    async with uow_factory() as uow:
        many = await uow.jobs.get_many_locking_unthreaded(k.ws.id, ids)
        assert many == await uow.jobs.get_many(k.ws.id, ids)
        assert [j.id for j in many] == sorted(j.id for j in jobs)
        assert await uow.jobs.get_many_locking_unthreaded(k.other.id, ids) == []


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)  # memory: one at a time
async def test_get_many_locking_unthreaded_holds_only_the_jobs_on_no_thread(
    uow_factory, make, seed
) -> None:
    k = await make_kit(make, seed)
    thread = k.thread()
    lapsing = {"status": JobStatus.RUNNING, "lease_expires_at": T0, "lease_epoch": 1}
    on_thread, alone = k.run(thread, **lapsing), k.run(None, **lapsing)
    await store(uow_factory, thread, on_thread, alone)
    holding, seen = asyncio.Event(), asyncio.Event()

    async def hold_both() -> None:
        async with uow_factory() as uow:
            await uow.jobs.get_many_locking_unthreaded(k.ws.id, [on_thread.id, alone.id])
            holding.set()
            await asyncio.wait_for(seen.wait(), 10)

    holder = asyncio.create_task(hold_both())
    await asyncio.wait_for(holding.wait(), 10)
    async with uow_factory() as uow:  # lapsed skips the rows another unit of work holds
        free = [j.id for j in await uow.jobs.lapsed(T0 + timedelta(seconds=1), 10)]
    seen.set()
    await holder
    assert free == [on_thread.id]


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)  # memory: one at a time
async def test_get_locking_unthreaded_holds_only_a_job_on_no_thread(
    uow_factory, make, seed
) -> None:
    k = await make_kit(make, seed)
    thread = k.thread()
    lapsing = {"status": JobStatus.RUNNING, "lease_expires_at": T0, "lease_epoch": 1}
    on_thread, alone = k.run(thread, **lapsing), k.run(None, **lapsing)
    await store(uow_factory, thread, on_thread, alone)
    holding, seen = asyncio.Event(), asyncio.Event()

    async def hold_both() -> None:
        async with uow_factory() as uow:
            for job in (on_thread, alone):
                await uow.jobs.get_locking_unthreaded(k.ws.id, job.id)
            holding.set()
            await asyncio.wait_for(seen.wait(), 10)

    holder = asyncio.create_task(hold_both())
    await asyncio.wait_for(holding.wait(), 10)
    async with uow_factory() as uow:  # lapsed skips the rows another unit of work holds
        free = [j.id for j in await uow.jobs.lapsed(T0 + timedelta(seconds=1), 10)]
    seen.set()
    await holder
    assert free == [on_thread.id]
