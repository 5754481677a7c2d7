"""The analytics outbox's contract, on every adapter: a job's state change and an audited
call leave outbox rows in their commit (none on rollback), taken oldest first, one
relay per source at a time, and removed once delivered."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from adapters.memory.analytics.outbox import job_event_id
from domain.audit.entry import Outcome
from domain.jobs.model import Job
from tests.contract.conftest import T0, Builders
from tests.contract.test_audit_log import entry

pytestmark = pytest.mark.asyncio
LEASE = T0 + timedelta(minutes=1)
# While the first unit of work holds a source, the second either returns at once with
# nothing (PostgreSQL) or waits for the first to end (memory units of work are serial).
HOLD_SECONDS = 1.0


@pytest.fixture
async def ws(make: Builders, seed: Any) -> Any:
    user, ws = make.user(), make.workspace()
    await seed(user, ws)
    return type("Place", (), {"id": ws.id, "owner": user.id})


def _job(make: Builders, ws: Any) -> Job:
    return Job(
        id=make.id(),
        workspace_id=ws.id,
        owner_id=ws.owner,
        kind="echo",
        created_at=T0,
        updated_at=T0,
        scheduled_at=T0,
    )


async def _submit(uow: Any, job: Job) -> None:
    event = job.created(T0)
    await uow.jobs.add(job)
    await uow.job_events.append([event])


async def _take(uow_factory: Any, source: str, limit: int = 100) -> list[Any]:
    async with uow_factory() as uow:
        return list(await uow.analytics_outbox.take(source, limit))


async def test_a_job_state_change_leaves_a_row_in_its_commit(uow_factory, make, ws) -> None:
    job = _job(make, ws)
    async with uow_factory() as uow:
        await _submit(uow, job)
        await uow.commit()
    async with uow_factory() as uow:
        claimed = job.claim("worker-1", T0, LEASE)
        await uow.jobs.update(job)
        await uow.job_events.append([claimed])
        await uow.commit()
    rows = await _take(uow_factory, "job_events")
    assert [r.event_id for r in rows] == [job_event_id(job.id, 1), job_event_id(job.id, 2)]
    created, running = rows
    assert created.id < running.id and running.workspace_id == ws.id
    assert running.occurred_at == T0 and running.source == "job_events"
    assert running.data["job_id"] == job.id and running.data["seq"] == 2
    assert running.data["kind"] == "echo" and running.data["owner_id"] == ws.owner
    assert (running.data["from_status"], running.data["to_status"]) == ("pending", "running")
    assert running.data["detail"] == {"worker_id": "worker-1", "attempt": 1}
    assert created.data["from_status"] is None and created.data["progress"] == 0
    assert await _take(uow_factory, "audit") == []


async def test_a_rolled_back_change_leaves_no_row(uow_factory, make, ws) -> None:
    async with uow_factory() as uow:
        await _submit(uow, _job(make, ws))
        await uow.audit.append([entry(workspace_id=ws.id, user_id=ws.owner)])
    assert await _take(uow_factory, "job_events") == []
    assert await _take(uow_factory, "audit") == []
    async with uow_factory() as uow:
        assert (await uow.analytics_outbox.backlog()).rows == 0


async def test_an_audited_call_of_a_workspace_leaves_a_row(uow_factory, ws) -> None:
    call = entry(workspace_id=ws.id, user_id=ws.owner, outcome=Outcome.INVALID, duration_ms=12)
    async with uow_factory() as uow:
        await uow.audit.append([call, entry()])  # the second has no workspace: no row
        await uow.commit()
    (row,) = await _take(uow_factory, "audit")
    assert (row.event_id, row.workspace_id) == (call.id, ws.id)
    assert row.occurred_at == call.occurred_at
    assert row.data == {
        "user_id": ws.owner,
        "action": call.action,
        "outcome": "invalid",
        "duration_ms": 12,
    }


async def test_take_gives_the_oldest_rows_and_remove_deletes_them(uow_factory, make, ws):
    jobs = [_job(make, ws) for _ in range(3)]
    for job in jobs:
        async with uow_factory() as uow:
            await _submit(uow, job)
            await uow.commit()
    async with uow_factory() as uow:
        backlog = await uow.analytics_outbox.backlog()
        assert (backlog.rows, backlog.oldest) == (3, T0)
        first = await uow.analytics_outbox.take("job_events", 2)
        assert [r.data["job_id"] for r in first] == [jobs[0].id, jobs[1].id]
        await uow.analytics_outbox.remove([r.id for r in first])
        await uow.commit()
    rest = await _take(uow_factory, "job_events")
    assert [r.data["job_id"] for r in rest] == [jobs[2].id]
    async with uow_factory() as uow:
        await uow.analytics_outbox.remove([r.id for r in rest])  # rolled back: still there
    assert [r.id for r in await _take(uow_factory, "job_events")] == [rest[0].id]


async def test_a_source_held_by_one_unit_of_work_gives_another_nothing(uow_factory, make, ws):
    async with uow_factory() as uow:
        await _submit(uow, _job(make, ws))
        await uow.audit.append([entry(workspace_id=ws.id)])
        await uow.commit()
    async with uow_factory() as first:
        held = await first.analytics_outbox.take("job_events", 10)
        assert len(held) == 1
        second = asyncio.create_task(_take(uow_factory, "job_events"))
        done, _ = await asyncio.wait({second}, timeout=HOLD_SECONDS)
        assert not done or second.result() == []
        await first.analytics_outbox.remove([r.id for r in held])
        await first.commit()
    assert await asyncio.wait_for(second, HOLD_SECONDS) == []  # never what the first held
    assert len(await _take(uow_factory, "audit")) == 1  # other sources are not held
