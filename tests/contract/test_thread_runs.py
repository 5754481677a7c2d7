"""The jobs context's view of threads (ThreadRuns), on every adapter: holding a thread,
its active runs, its run status, and removing a run's messages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from domain.conversations.values import ThreadRunStatus, ThreadStatus
from domain.jobs.run_values import ThreadRunStatus as JobsView
from domain.jobs.values import JobStatus
from ports.conversations import MessageRange, ThreadFilter
from tests.contract.conftest import T0, Builders
from tests.contract.thread_runs_kit import Kit, make_kit, store

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def kit(make: Builders, seed: Any) -> Kit:
    return await make_kit(make, seed)


async def test_a_thread_is_held_only_in_its_workspace(uow_factory, kit: Kit) -> None:
    thread = kit.thread()
    await store(uow_factory, thread)
    async with uow_factory() as uow:
        assert await uow.thread_runs.hold(kit.ws.id, thread.id)
        assert not await uow.thread_runs.hold(kit.other.id, thread.id)
        assert not await uow.thread_runs.hold(kit.ws.id, kit.make.id())


async def test_active_runs_are_the_threads_pending_and_running_in_submit_order(
    uow_factory, kit: Kit
) -> None:
    thread, elsewhere = kit.thread(), kit.thread()
    ended = kit.run(thread, status=JobStatus.COMPLETED)
    first, second = kit.run(thread), kit.run(thread, status=JobStatus.RUNNING)
    await store(uow_factory, thread, elsewhere, ended, second, first, kit.run(elsewhere))
    async with uow_factory() as uow:
        active = await uow.thread_runs.active(kit.ws.id, thread.id, lock=True)
        assert [j.id for j in active] == [first.id, second.id]
        assert await uow.thread_runs.active(kit.other.id, thread.id) == []


async def test_the_run_status_is_written_on_the_thread_and_filters_lists(
    uow_factory, kit: Kit
) -> None:
    thread, idle = kit.thread(), kit.thread()
    await store(uow_factory, thread, idle)
    async with uow_factory() as uow:
        await uow.thread_runs.set_status(kit.ws.id, thread.id, JobsView.ERROR, T0)
        await uow.thread_runs.set_status(kit.other.id, thread.id, JobsView.BUSY, T0)
        await uow.commit()
    async with uow_factory() as uow:
        stored = await uow.threads.get(kit.ws.id, thread.id)
        failed = ThreadFilter(kit.ws.id, tuple(ThreadStatus), None, (ThreadRunStatus.ERROR,))
        listed = await uow.threads.find(failed, None, 10)
    assert stored is not None and stored.run_status == ThreadRunStatus.ERROR
    assert [t.id for t in listed] == [thread.id]


async def test_removing_a_runs_messages_leaves_every_other_message(uow_factory, kit) -> None:
    thread = kit.thread()
    gone, kept = kit.run(thread), kit.run(thread)
    await store(uow_factory, thread, gone, kept)
    batch = (
        kit.said(thread, None, 1, "user")
        + kit.said(thread, gone, 2, "a", "b")
        + kit.said(thread, kept, 4, "c")
    )
    await store(uow_factory, batch)
    async with uow_factory() as uow:
        assert await uow.thread_runs.remove_messages(kit.other.id, [gone.id]) == 0
        assert await uow.thread_runs.remove_messages(kit.ws.id, [gone.id]) == 2
        await uow.commit()
    async with uow_factory() as uow:
        left = [await uow.messages.get(kit.ws.id, thread.id, m.id) for m in batch]
    assert [m.content for m in left if m is not None] == ["user", "c"]


async def test_a_purged_runs_messages_stay_with_their_run_id_cleared(uow_factory, kit: Kit) -> None:
    thread = kit.thread()
    long_ago = T0 - timedelta(days=3650)
    run = kit.run(thread, status=JobStatus.COMPLETED, completed_at=long_ago)
    await store(uow_factory, thread, run, kit.said(thread, run, 1, "answer"))
    async with uow_factory() as uow:
        assert await uow.job_upkeep.purge_finished(long_ago + timedelta(seconds=1), 10) == 1
        await uow.commit()
    async with uow_factory() as uow:
        kept = await uow.messages.find(MessageRange(kit.ws.id, thread.id, 0, 10), 10)
    assert [(m.content, m.run_id) for m in kept] == [("answer", None)]
