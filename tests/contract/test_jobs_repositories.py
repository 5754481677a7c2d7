"""The jobs repositories' contract, on every adapter: scoping, unique keys, claims, leases."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from ports.jobs import Claim, JobFilter
from tests.contract.conftest import T0, Builders

pytestmark = pytest.mark.asyncio
LEASE = T0 + timedelta(minutes=1)


@dataclass(frozen=True)
class Place:
    id: str
    owner: str


@pytest.fixture
async def ws(make: Builders, seed: Any) -> Place:
    user, ws = make.user(), make.workspace()
    await seed(user, ws)
    return Place(ws.id, user.id)


def _job(make: Builders, ws: Any, **kw: Any) -> Job:
    fields: dict[str, Any] = {
        "id": make.id(),
        "workspace_id": ws.id,
        "owner_id": ws.owner,
        "kind": "echo",
        "created_at": T0,
        "updated_at": T0,
        "scheduled_at": T0,
    }
    return Job(**(fields | kw))


async def _add(uow_factory: Any, *jobs: Job) -> list[str]:
    async with uow_factory() as uow:
        ids = [await uow.jobs.add(j) for j in jobs]
        await uow.commit()
    return ids


def _claim(
    ws: Any, limit: int = 10, worker: str = "w", kinds: tuple[str, ...] = ("echo",)
) -> Claim:
    return Claim(ws.id, kinds, worker, T0, LEASE, limit)


async def test_a_job_is_seen_only_in_its_workspace(uow_factory, make, ws, seed) -> None:
    job = _job(make, ws, input={"q": [1, "a"]}, parameters={"t": 0.5})
    await _add(uow_factory, job)
    other = make.workspace()
    await seed(other)
    async with uow_factory() as uow:
        got = await uow.jobs.get(ws.id, job.id)
        assert got is not None and got.input == {"q": [1, "a"]} and got.parameters == {"t": 0.5}
        assert got.status == JobStatus.PENDING and got.max_attempts == 3
        assert await uow.jobs.get(other.id, job.id) is None


async def test_an_active_unique_key_is_held_by_one_job(uow_factory, make, ws) -> None:
    first, second = _job(make, ws, unique_key="k"), _job(make, ws, unique_key="k")
    assert await _add(uow_factory, first, second) == [first.id, first.id]
    async with uow_factory() as uow:
        stored = await uow.jobs.get(ws.id, first.id, lock=True)
        assert stored is not None
        stored.cancel(T0)
        await uow.jobs.update(stored)
        await uow.commit()
    third = _job(make, ws, unique_key="k")
    assert await _add(uow_factory, third) == [third.id]


async def test_claims_follow_priority_then_schedule_then_id(uow_factory, make, ws) -> None:
    early = _job(make, ws, scheduled_at=T0 - timedelta(hours=1))
    late = _job(make, ws)
    urgent = _job(make, ws, priority=10)
    future = _job(make, ws, scheduled_at=T0 + timedelta(hours=1), priority=99)
    other_kind = _job(make, ws, kind="resize", priority=99)
    await _add(uow_factory, late, urgent, future, other_kind, early)
    async with uow_factory() as uow:
        claimed = await uow.jobs.claim(_claim(ws))
        await uow.commit()
    assert [j.id for j in claimed] == [urgent.id, early.id, late.id]
    for job in claimed:
        assert job.status == JobStatus.RUNNING and job.lease_epoch == 1 and job.attempts == 1
        assert job.lease_holder == "w" and job.lease_expires_at == LEASE and job.event_seq == 1
    async with uow_factory() as uow:
        assert await uow.jobs.claim(_claim(ws)) == []


async def test_lapsed_finds_running_jobs_whose_lease_expired(uow_factory, make, ws) -> None:
    await _add(uow_factory, _job(make, ws), _job(make, ws))
    async with uow_factory() as uow:
        [held] = await uow.jobs.claim(_claim(ws, limit=1))
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.jobs.lapsed(LEASE - timedelta(seconds=1), 10) == []
        assert [j.id for j in await uow.jobs.lapsed(LEASE, 10)] == [held.id]


async def test_find_pages_newest_first_by_filter(uow_factory, make, ws) -> None:
    jobs = [
        _job(make, ws, created_at=T0 + timedelta(seconds=i), kind="a" if i % 2 else "b")
        for i in range(5)
    ]
    await _add(uow_factory, *jobs)
    async with uow_factory() as uow:
        page = await uow.jobs.find(JobFilter(ws.id, kinds=("a",)), None, 10)
        assert [j.id for j in page] == [jobs[3].id, jobs[1].id]
        last = jobs[3]
        rest = await uow.jobs.find(JobFilter(ws.id), (last.created_at.isoformat(), last.id), 10)
        assert [j.id for j in rest] == [jobs[2].id, jobs[1].id, jobs[0].id]
        owned = await uow.jobs.find(JobFilter(ws.id, statuses=(JobStatus.RUNNING,)), None, 10)
        assert owned == []


async def test_events_are_read_back_in_order(uow_factory, make, ws) -> None:
    job = _job(make, ws)
    await _add(uow_factory, job)
    async with uow_factory() as uow:
        created = job.created(T0)
        job.cancel(T0)
        cancelled = job.event(JobStatus.PENDING, T0, why="asked")
        await uow.job_events.append([created, cancelled])
        await uow.commit()
    async with uow_factory() as uow:
        found = await uow.job_events.of_job(ws.id, job.id)
    assert [(e.seq, e.from_status, e.to_status) for e in found] == [
        (1, None, JobStatus.PENDING),
        (2, JobStatus.PENDING, JobStatus.CANCELLED),
    ]
    assert found[1].detail == {"why": "asked"}


async def test_concurrent_claimers_complete_every_job_exactly_once(uow_factory, make, ws) -> None:
    total = 2000
    await _add(uow_factory, *(_job(make, ws) for _ in range(total)))
    completed: list[str] = []

    async def worker(name: str) -> None:
        while True:
            async with uow_factory() as uow:
                claimed = await uow.jobs.claim(_claim(ws, limit=10, worker=name))
                await uow.commit()
            if not claimed:
                return
            async with uow_factory() as uow:
                for job in claimed:
                    locked = await uow.jobs.get(ws.id, job.id, lock=True)
                    locked.complete(job.lease_epoch, {"by": name}, T0)
                    await uow.jobs.update(locked)
                    completed.append(job.id)
                await uow.commit()

    await asyncio.gather(*(worker(f"w{i}") for i in range(8)))
    assert len(completed) == total and len(set(completed)) == total
    async with uow_factory() as uow:
        done = await uow.jobs.find(JobFilter(ws.id, statuses=(JobStatus.COMPLETED,)), None, total)
    assert sorted(j.id for j in done) == sorted(completed)


async def test_concurrent_submits_of_one_unique_key_store_one_job(uow_factory, make, ws) -> None:
    async def submit() -> str:
        async with uow_factory() as uow:
            stored = await uow.jobs.add(_job(make, ws, unique_key="once"))
            await asyncio.sleep(0.01)  # hold the transaction open while the others try
            await uow.commit()
        return stored

    ids = await asyncio.gather(*(submit() for _ in range(6)))
    assert len(set(ids)) == 1
    async with uow_factory() as uow:
        assert len(await uow.jobs.find(JobFilter(ws.id), None, 10)) == 1
