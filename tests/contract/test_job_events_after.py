"""Reading a job's events after a seq, on every adapter: what a resumed watch is sent."""

from __future__ import annotations

from typing import Any

import pytest

from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from tests.contract.conftest import T0, Builders

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def job(make: Builders, seed: Any, uow_factory: Any) -> Job:
    """A job with five events: created, claimed, two progress reports, completed."""
    user, ws = make.user(), make.workspace()
    await seed(user, ws)
    job = Job(make.id(), ws.id, user.id, "echo", T0, T0, T0)
    events = [job.created(T0), job.claim("w", T0, T0)]
    events += [job.heartbeat(1, p, T0, T0) for p in (0.25, 0.5)]
    events.append(job.complete(1, {"ok": True}, T0))
    async with uow_factory() as uow:
        await uow.jobs.add(job)
        await uow.job_events.append(events[:3])  # appended out of one batch: seq decides
        await uow.job_events.append(events[3:])
        await uow.commit()
    return job


async def test_events_after_a_seq_come_back_in_seq_order(uow_factory, job) -> None:
    async with uow_factory(read_only=True) as uow:
        after_two = await uow.job_events.after(job.workspace_id, job.id, 2, 100)
        from_start = await uow.job_events.after(job.workspace_id, job.id, 0, 100)
        past_end = await uow.job_events.after(job.workspace_id, job.id, 5, 100)
    assert [(e.seq, e.to_status, e.progress) for e in after_two] == [
        (3, JobStatus.RUNNING, 0.25),
        (4, JobStatus.RUNNING, 0.5),
        (5, JobStatus.COMPLETED, 1.0),
    ]
    assert [e.seq for e in from_start] == [1, 2, 3, 4, 5]
    assert from_start[1].detail == {"worker_id": "w", "attempt": 1}
    assert past_end == []


async def test_events_after_a_seq_stop_at_the_limit(uow_factory, job) -> None:
    async with uow_factory(read_only=True) as uow:
        first = await uow.job_events.after(job.workspace_id, job.id, 1, 2)
        rest = await uow.job_events.after(job.workspace_id, job.id, first[-1].seq, 2)
    assert [e.seq for e in first] == [2, 3]
    assert [e.seq for e in rest] == [4, 5]


async def test_events_of_another_workspace_are_not_read(uow_factory, job, make, seed) -> None:
    other = make.workspace()
    await seed(other)
    async with uow_factory(read_only=True) as uow:
        assert await uow.job_events.after(other.id, job.id, 0, 100) == []
        assert await uow.job_events.after(job.workspace_id, make.id(), 0, 100) == []
