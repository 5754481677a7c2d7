"""Pinned relay batches on PostgreSQL, where transactions commit out of id order: a batch
pinned before an older row commits stays exactly the rows it was pinned with, so its
redelivery under the same token sends the same rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.jobs.model import Job
from entrypoints.storage import postgres_unit_of_work
from tests.integration.analytics_relay_kit import Workspace

pytestmark = pytest.mark.asyncio


@pytest.fixture
def uow_factory(clean_db: Any, driver_pool: Any) -> Any:
    return postgres_unit_of_work(clean_db, driver_pool)


def _job(ws: Workspace) -> Job:
    now = datetime.now(UTC)
    return Job(
        id=ws.make.id(),
        workspace_id=ws.id,
        owner_id=ws.owner,
        kind="echo",
        created_at=now,
        updated_at=now,
        scheduled_at=now,
    )


async def _pin(uow_factory: Any, limit: int = 10) -> Any:
    async with uow_factory() as uow:
        batch = await uow.analytics_outbox.pin("job_events", limit)
        await uow.commit()
        return batch


async def test_a_row_committed_late_with_an_older_id_stays_out_of_a_pinned_batch(
    uow_factory,
) -> None:
    ws = await Workspace.create(uow_factory)
    async with uow_factory() as late:
        job = _job(ws)
        await late.jobs.add(job)
        await late.job_events.append([job.created(job.created_at)])  # the older id
        await ws.run_job()  # committed first: three rows with newer ids
        pinned = await _pin(uow_factory)
        await late.commit()
    again = await _pin(uow_factory)
    assert (again.id, again.items) == (pinned.id, pinned.items)
    assert len(pinned.items) == 3
    async with uow_factory() as uow:
        assert await uow.analytics_outbox.remove(pinned) == 3
        await uow.commit()
    rest = await _pin(uow_factory)
    assert len(rest.items) == 1 and rest.items[0].id < pinned.items[0].id
