"""One run at a time per thread, on every adapter: a claim hands out only a thread's next
run; four concurrent claimers over several threads never run two runs of one thread and
finish each thread's runs in submit order (on PostgreSQL, truly concurrent)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domain.jobs.values import JobStatus
from tests.contract.conftest import T0, Builders
from tests.contract.thread_runs_kit import Kit, claim, make_kit, store

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def kit(make: Builders, seed: Any) -> Kit:
    return await make_kit(make, seed)


async def test_a_claim_hands_out_only_the_next_run_of_each_thread(uow_factory, kit) -> None:
    a, b = kit.thread(), kit.thread()
    a1, a2, b1, free = kit.run(a), kit.run(a), kit.run(b), kit.run(None)
    await store(uow_factory, a, b, a2, a1, b1, free)
    async with uow_factory() as uow:
        claimed = await uow.jobs.claim(claim(kit.ws))
        await uow.commit()
    assert {j.id for j in claimed} == {a1.id, b1.id, free.id}


async def test_a_running_run_holds_back_even_a_run_submitted_before_it(uow_factory, kit) -> None:
    thread = kit.thread()
    late = kit.run(thread, status=JobStatus.RUNNING, lease_epoch=1)
    early = kit.run(thread, created_at=T0)  # committed after `late` was claimed
    await store(uow_factory, thread, late, early)
    async with uow_factory() as uow:
        assert await uow.jobs.claim(claim(kit.ws)) == []


async def test_four_claimers_run_each_threads_runs_one_at_a_time_in_order(
    uow_factory, kit: Kit
) -> None:
    threads = [kit.thread() for _ in range(6)]
    runs = [kit.run(t) for _ in range(5) for t in threads]
    await store(uow_factory, *threads, *runs)
    order: dict[str, list[str]] = {t.id: [] for t in threads}
    overlaps: list[str] = []

    async def claimer(name: str) -> None:
        while True:
            async with uow_factory() as uow:
                claimed = await uow.jobs.claim(claim(kit.ws, limit=3, worker=name))
                await uow.commit()
            if not claimed:
                return
            async with uow_factory() as uow:
                for job in claimed:
                    active = await uow.thread_runs.active(kit.ws.id, job.thread_id)
                    running = [j for j in active if j.status == JobStatus.RUNNING]
                    if len(running) > 1:
                        overlaps.append(job.thread_id)
            await asyncio.sleep(0)  # let the other claimers try this thread meanwhile
            async with uow_factory() as uow:
                for job in claimed:
                    locked = await uow.jobs.get(kit.ws.id, job.id, lock=True)
                    locked.complete(job.lease_epoch, {"by": name}, T0)
                    await uow.jobs.update(locked)
                    order[job.thread_id].append(job.id)
                await uow.commit()

    await asyncio.gather(*(claimer(f"w{i}") for i in range(4)))
    assert overlaps == []
    for t in threads:
        assert order[t.id] == [r.id for r in runs if r.thread_id == t.id]
