"""Agent runs on a thread: what a submit does when the thread is busy, and the thread's
run status, which follows from its runs.

The status is a column of the thread written in the transaction of every change that
starts or ends one of its runs, not computed on read: GetThread and ListThreads then read
one row per thread (and filter on it while they walk their keyset index) instead of
joining each thread's run history. To keep it exact, every such change holds the thread's row
before it reads the thread's active runs, and takes it before the job's row: submits,
completions, failures and cancels of one thread queue up in one order and never deadlock.
"""

from __future__ import annotations

from datetime import datetime

from domain.jobs.deps import must_get
from domain.jobs.model import Job
from domain.jobs.run_values import ENDINGS, RunPolicy, ThreadRunStatus
from domain.kernel.errors import FailedPrecondition, NotFound, quoted
from domain.kernel.lookup import found, required
from ports.jobs import JobsUnitOfWork


async def hold_thread(uow: JobsUnitOfWork, job: Job) -> None:
    """Holds the new run's thread: submits to one thread queue up behind each other."""
    thread_id = job.thread_id or ""
    if not await uow.thread_runs.hold(job.workspace_id, thread_id):
        raise NotFound(f"thread {quoted(thread_id)} not found")


async def make_room(uow: JobsUnitOfWork, job: Job, policy: RunPolicy, now: datetime) -> None:
    """Applies `policy` to the runs active on the new run's thread (held already)."""
    ws, thread_id = job.workspace_id, job.thread_id or ""
    active = await uow.thread_runs.active(ws, thread_id, lock=True)
    if not active or policy == RunPolicy.ENQUEUE:
        return
    if policy == RunPolicy.REJECT:
        raise FailedPrecondition(
            f"thread {thread_id} has {len(active)} active run(s)", reason="THREAD_BUSY"
        )
    for run in active:
        if (event := run.cancel(now)) is not None:
            await uow.jobs.update(run)
            await uow.job_events.append([event])
    if policy == RunPolicy.ROLLBACK:
        await uow.thread_runs.remove_messages(ws, [run.id for run in active])


async def hold_job(
    uow: JobsUnitOfWork, workspace_id: str, job_id: str, *, field: str = "id"
) -> Job:
    """The job, locked; a run on a thread holds its thread first (one read, locked, for a
    job on no thread)."""
    job = await uow.jobs.get_locking_unthreaded(workspace_id, required(job_id, field))
    job = found(job, "job", job_id)
    if job.thread_id is None:
        return job
    await uow.thread_runs.hold(workspace_id, job.thread_id)
    return await must_get(uow, workspace_id, job_id, lock=True, field=field)


async def settle_thread(uow: JobsUnitOfWork, job: Job, now: datetime) -> None:
    """After `job` changed: its thread is busy while a run is active, else what the
    job's ending left. The thread is held (by `hold_thread` or `hold_job`)."""
    if job.thread_id is None:
        return
    ending = ENDINGS.get(job.status)
    if ending is not None and await uow.thread_runs.active(job.workspace_id, job.thread_id):
        ending = ThreadRunStatus.BUSY
    status = ending or ThreadRunStatus.BUSY
    await uow.thread_runs.set_status(job.workspace_id, job.thread_id, status, now)


async def may_end(uow: JobsUnitOfWork, job: Job) -> bool:
    """For the rescuer, which holds a batch of jobs before their threads: a job its rescue
    ends may be written only if its thread can be held at once (else the next pass)."""
    if job.thread_id is None or not job.status.is_terminal:
        return True
    return await uow.thread_runs.hold(job.workspace_id, job.thread_id, wait=False)
