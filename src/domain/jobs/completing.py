"""CompleteJobs: a worker acknowledges many finished jobs in one transaction.

Each completion is checked as CompleteJob checks it (the job found, of a kind the key
serves, running under the presented lease epoch); one that fails is refused alone and
changes nothing, the others complete. The runs' threads are held first, in id order,
then the jobs' rows in id order: batches never deadlock with each other or with single
calls. The rows are written in one statement, their events in one insert.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from domain.jobs.deps import JobsDeps, member
from domain.jobs.events import JobEvent
from domain.jobs.model import Job
from domain.jobs.thread_runs import settle_thread
from domain.kernel.errors import DomainError, NotFound, Validator, quoted
from domain.kernel.principal import Principal
from ports.jobs import JobsUnitOfWork

MAX_COMPLETIONS = 1000


@dataclass(frozen=True, slots=True)
class Completion:
    job_id: str
    epoch: int
    output: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Completed:
    """One completion's result: the completed job, or why it was refused."""

    job: Job | None = None
    refusal: DomainError | None = None


class CompleteJobs:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, completions: Sequence[Completion]
    ) -> list[Completed]:
        """One result per completion, in their order."""
        check_completions(completions)
        now = self._d.clock.now()
        async with self._d.uow() as uow:
            await member(uow, principal, workspace_id, "working jobs")
            results, events = await complete_in(uow, principal, workspace_id, completions, now)
            await uow.job_events.append(events)
            await uow.commit()
        return results


async def complete_in(
    uow: JobsUnitOfWork,
    principal: Principal,
    workspace_id: str,
    completions: Sequence[Completion],
    now: datetime,
) -> tuple[list[Completed], list[JobEvent]]:
    """The completions done in `uow` (the caller a member, the completions checked), and
    the events the caller appends in it."""
    held = await hold_jobs(uow, workspace_id, [c.job_id for c in completions])
    outcomes = [_complete(principal, held.get(c.job_id), c, now) for c in completions]
    done = [(r.job, event) for r, event in outcomes if r.job is not None and event]
    if done:
        await uow.jobs.update_many([job for job, _ in done])
        for job, _ in done:
            await settle_thread(uow, job, now)
    return [result for result, _ in outcomes], [event for _, event in done]


async def hold_jobs(uow: JobsUnitOfWork, workspace_id: str, ids: list[str]) -> dict[str, Job]:
    """The workspace's jobs among `ids`, locked; the threads of the runs among them are
    held first, in id order, then the runs' rows (as `hold_job` holds one). Jobs on no
    thread are locked by the first read."""
    seen = await uow.jobs.get_many_locking_unthreaded(workspace_id, ids)
    held = {j.id: j for j in seen if j.thread_id is None}
    runs = [j for j in seen if j.thread_id is not None]
    if not runs:
        return held
    for thread_id in sorted({j.thread_id for j in runs if j.thread_id is not None}):
        await uow.thread_runs.hold(workspace_id, thread_id)
    locked = await uow.jobs.get_many(workspace_id, [j.id for j in runs], lock=True)
    return held | {j.id: j for j in locked}


def _complete(
    principal: Principal, job: Job | None, c: Completion, now: datetime
) -> tuple[Completed, JobEvent | None]:
    if job is None:
        return Completed(refusal=NotFound(f"job {quoted(c.job_id)} not found")), None
    try:
        principal.ensure_serves(job.kind, "job_id")
        event = job.complete(c.epoch, dict(c.output), now)
    except DomainError as refusal:
        return Completed(refusal=refusal), None
    return Completed(job=job), event


def check_completions(completions: Sequence[Completion]) -> None:
    """INVALID_ARGUMENT naming each bad field, before anything is read."""
    v = Validator()
    v.check(bool(completions), "completions", "at least one is required")
    v.check(len(completions) <= MAX_COMPLETIONS, "completions", f"at most {MAX_COMPLETIONS}")
    seen: set[str] = set()
    for i, c in enumerate(completions):
        field = f"completions[{i}].job_id"
        v.check(bool(c.job_id), field, "is required")
        v.check(c.job_id not in seen, field, "names a job completed earlier in this request")
        v.check(c.epoch >= 0, f"completions[{i}].lease_epoch", "must not be negative")
        seen.add(c.job_id)
    v.raise_if_any()
