"""The analytics outbox's contract, on every adapter: a job's state change and an audited
call leave outbox rows in their commit (none on rollback), pinned to batches oldest
first, one relay per source at a time, a pinned batch given again as the same rows
until it is removed, and removed once delivered."""

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
    """The rows a batch would hold now (the pin is rolled back)."""
    async with uow_factory() as uow:
        batch = await uow.analytics_outbox.pin(source, limit)
        return list(batch.items) if batch is not None else []


async def _pin(uow_factory: Any, source: str, limit: int = 100) -> Any:
    async with uow_factory() as uow:
        batch = await uow.analytics_outbox.pin(source, limit)
        await uow.commit()
        return batch


async def _remove(uow_factory: Any, batch: Any) -> int:
    async with uow_factory() as uow:
        removed = await uow.analytics_outbox.remove(batch)
        await uow.commit()
        return int(removed)


async def _submit_jobs(uow_factory: Any, make: Builders, ws: Any, count: int) -> list[Job]:
    jobs = [_job(make, ws) for _ in range(count)]
    for job in jobs:
        async with uow_factory() as uow:
            await _submit(uow, job)
            await uow.commit()
    return jobs


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


async def test_pin_gives_the_oldest_rows_and_remove_deletes_them(uow_factory, make, ws):
    jobs = await _submit_jobs(uow_factory, make, ws, 3)
    async with uow_factory() as uow:
        backlog = await uow.analytics_outbox.backlog()
        assert (backlog.rows, backlog.oldest) == (3, T0)
    first = await _pin(uow_factory, "job_events", 2)
    assert [r.data["job_id"] for r in first.items] == [jobs[0].id, jobs[1].id]
    assert first.source == "job_events" and first.id in first.token
    assert await _remove(uow_factory, first) == 2
    assert await _remove(uow_factory, first) == 0  # removed once, by whoever came first
    rest = await _pin(uow_factory, "job_events")
    assert [r.data["job_id"] for r in rest.items] == [jobs[2].id]
    async with uow_factory() as uow:
        await uow.analytics_outbox.remove(rest)  # rolled back: still there
    assert [r.id for r in await _take(uow_factory, "job_events")] == [rest.items[0].id]


async def test_a_pinned_batch_is_given_again_as_the_same_rows_until_removed(uow_factory, make, ws):
    await _submit_jobs(uow_factory, make, ws, 2)
    pinned = await _pin(uow_factory, "job_events", 2)
    await _submit_jobs(uow_factory, make, ws, 2)  # newer rows wait behind the batch
    again = await _pin(uow_factory, "job_events", 10)
    assert (again.id, again.token, again.items) == (pinned.id, pinned.token, pinned.items)
    async with uow_factory() as uow:
        assert (await uow.analytics_outbox.backlog()).rows == 4  # pinned rows still wait
    await _remove(uow_factory, pinned)
    after = await _pin(uow_factory, "job_events", 10)
    assert after.id != pinned.id and after.token != pinned.token
    assert len(after.items) == 2
    assert not {r.id for r in after.items} & {r.id for r in pinned.items}


async def test_a_pin_rolled_back_leaves_the_rows_unpinned(uow_factory, make, ws):
    await _submit_jobs(uow_factory, make, ws, 2)
    async with uow_factory() as uow:
        rolled_back = await uow.analytics_outbox.pin("job_events", 1)
    batch = await _pin(uow_factory, "job_events", 2)
    assert batch.id != rolled_back.id and len(batch.items) == 2


async def test_a_source_held_by_one_unit_of_work_gives_another_nothing(uow_factory, make, ws):
    async with uow_factory() as uow:
        await _submit(uow, _job(make, ws))
        await uow.audit.append([entry(workspace_id=ws.id)])
        await uow.commit()
    async with uow_factory() as first:
        held = await first.analytics_outbox.pin("job_events", 10)
        assert len(held.items) == 1
        second = asyncio.create_task(_pin(uow_factory, "job_events"))
        done, _ = await asyncio.wait({second}, timeout=HOLD_SECONDS)
        assert not done or second.result() is None
        await first.analytics_outbox.remove(held)
        await first.commit()
    assert await asyncio.wait_for(second, HOLD_SECONDS) is None  # never what the first held
    assert len(await _take(uow_factory, "audit")) == 1  # other sources are not held


async def test_waiting_names_the_sources_with_rows_pinned_or_not(uow_factory, make, ws):
    async def waiting() -> set[str]:
        async with uow_factory(read_only=True) as uow:
            return set(await uow.analytics_outbox.waiting())

    assert "job_events" not in await waiting()
    await _submit_jobs(uow_factory, make, ws, 2)
    assert "job_events" in await waiting()
    pinned = await _pin(uow_factory, "job_events", 10)
    assert "job_events" in await waiting()  # pinned, not yet delivered
    await _remove(uow_factory, pinned)
    assert "job_events" not in await waiting()
