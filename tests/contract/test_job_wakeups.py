"""Two instances on one database: an event appended on one wakes the job's watchers on the
other, once it commits (every job of a batch, whatever its size); a lost listening
connection wakes them all to read again."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text

from adapters.memory.jobs.signals import InProcessJobSignals
from adapters.postgres.infra.cache_listener import APPLICATION_NAME, CacheListener
from adapters.postgres.jobs.hot import WOKEN_PER_NOTIFY
from adapters.postgres.jobs.signals import JobChannel
from domain.jobs.model import Job
from entrypoints.storage import postgres_unit_of_work
from tests.contract.conftest import T0
from tests.contract.test_cache_listener import eventually

pytestmark = pytest.mark.postgres
WAIT = 5.0


@pytest.fixture
async def signals(migrated_db_url: str, job: tuple[Any, Job]) -> AsyncIterator[InProcessJobSignals]:
    """The other instance's watchers, woken by its listening connection. It starts listening
    after the job's creation committed, so that notification is never heard here (heard
    late, it would wake a watcher that a test expects to stay asleep)."""
    signals = InProcessJobSignals()
    listener = CacheListener(migrated_db_url, retry_seconds=0.1)
    await listener.start([], [JobChannel(signals)])
    assert await eventually(listener.listening.is_set)
    yield signals
    await listener.stop()


@pytest.fixture
async def job(clean_db: Any, make: Any) -> tuple[Any, Job]:
    uow = postgres_unit_of_work(clean_db)
    user, ws = make.user(), make.workspace()
    job = Job(make.id(), ws.id, user.id, "echo", T0, T0, T0)
    async with uow() as tx:
        await tx.users.add(user)
        await tx.workspaces.add(ws)
        await tx.jobs.add(job)
        await tx.job_events.append([job.created(T0)])
        await tx.commit()
    return uow, job


async def _cancel(uow: Any, job: Job, commit: bool) -> None:
    async with uow() as tx:
        event = job.cancel(T0)
        assert event is not None
        await tx.job_events.append([event])
        if commit:
            await tx.commit()


async def test_a_committed_event_wakes_the_jobs_watchers_on_the_other_instance(
    signals, job
) -> None:
    uow, watched = job
    with signals.watch(watched.id) as wakeup, signals.watch(str(T0)) as elsewhere:
        await _cancel(uow, watched, commit=True)
        assert await wakeup.wait(WAIT)
        assert not await elsewhere.wait(0.3)


async def test_a_rolled_back_event_wakes_nobody(signals, job) -> None:
    uow, watched = job
    with signals.watch(watched.id) as wakeup:
        await _cancel(uow, watched, commit=False)
        assert not await wakeup.wait(0.5)


async def test_a_lost_listening_connection_wakes_every_watcher(signals, clean_db) -> None:
    with signals.watch("some-job") as wakeup:
        async with clean_db.connect() as conn:
            await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE application_name = :n"
                ),
                {"n": APPLICATION_NAME},
            )
        assert await wakeup.wait(WAIT)
    assert signals.watched == 0


async def test_a_batch_past_one_notification_wakes_every_job_s_watchers(signals, job, make) -> None:
    uow, first = job
    jobs = [
        Job(make.id(), first.workspace_id, first.owner_id, "echo", T0, T0, T0)
        for _ in range(WOKEN_PER_NOTIFY + 20)
    ]
    async with uow() as tx:
        for j in jobs:
            await tx.jobs.add(j)
        await tx.commit()
    with contextlib.ExitStack() as stack:
        wakeups = [stack.enter_context(signals.watch(j.id)) for j in jobs]
        async with uow() as tx:
            await tx.job_events.append([j.created(T0) for j in jobs])
            await tx.commit()
        woken = await asyncio.gather(*(w.wait(WAIT) for w in wakeups))
    assert all(woken)
