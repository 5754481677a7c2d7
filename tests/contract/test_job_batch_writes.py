"""update_many on every adapter: whatever each job of a batch changed is written, whether
the batch changed one field or many, and a job read elsewhere is written whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from domain.jobs.model import Job
from tests.contract.conftest import T0
from tests.contract.test_jobs_repositories import Place, _add, _job

pytestmark = pytest.mark.asyncio
LATER = T0 + timedelta(hours=1)


@pytest.fixture
async def ws(make: Any, seed: Any) -> Place:
    user, ws = make.user(), make.workspace()
    await seed(user, ws)
    return Place(ws.id, user.id)


def _stored(job: Job) -> Job:
    return replace(job, updated_at=T0)  # the database keeps updated_at itself


async def _read_back(uow_factory: Any, ws: Place, jobs: list[Job]) -> list[Job]:
    async with uow_factory() as uow:
        return await uow.jobs.get_many(ws.id, [j.id for j in jobs])


async def test_update_many_writes_each_job_s_own_changes(uow_factory, make, ws) -> None:
    jobs = [_job(make, ws, input={"n": n}, parameters={"p": n}) for n in range(3)]
    await _add(uow_factory, *jobs)
    async with uow_factory() as uow:
        held = await uow.jobs.get_many(ws.id, [j.id for j in jobs], lock=True)
        held[0].priority = 7
        held[1].parameters = {"p": "replaced", "deep": [1, {"x": None}]}
        held[1].error = "an error"
        held[2].scheduled_at, held[2].max_attempts, held[2].unique_key = LATER, 9, "k"
        await uow.jobs.update_many(held)
        await uow.commit()
    back = await _read_back(uow_factory, ws, jobs)
    assert [_stored(j) for j in back] == [_stored(j) for j in held]


async def test_update_many_of_jobs_read_in_another_unit_of_work_writes_them_whole(
    uow_factory, make, ws
) -> None:
    jobs = [_job(make, ws, input={"n": n}) for n in range(2)]
    await _add(uow_factory, *jobs)
    async with uow_factory() as uow:
        read = await uow.jobs.get_many(ws.id, [j.id for j in jobs])
    read[0].progress, read[0].output = 0.5, {"partial": True}
    read[1].priority, read[1].lease_holder = 5, "w"
    async with uow_factory() as uow:
        await uow.jobs.get_many(ws.id, [read[0].id], lock=True)
        await uow.jobs.update_many(read)
        await uow.commit()
    back = await _read_back(uow_factory, ws, jobs)
    assert [_stored(j) for j in back] == [_stored(j) for j in read]
