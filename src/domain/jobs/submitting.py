"""Submitting a job: idempotent by request id, one active job per unique key."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from domain.jobs.deps import JobsDeps, member, must_get
from domain.jobs.model import Job
from domain.jobs.run_values import RunPolicy
from domain.jobs.thread_runs import hold_thread, make_room, settle_thread
from domain.jobs.values import (
    DEFAULT_MAX_ATTEMPTS,
    MAX_AGENT_TYPE,
    MAX_ATTEMPTS_LIMIT,
    MAX_UNIQUE_KEY,
    PRIORITY_RANGE,
    check_kind,
    check_text,
)
from domain.kernel.errors import Validator
from domain.kernel.idempotency import Idempotency
from domain.kernel.principal import Principal
from ports.jobs import JobsUnitOfWork


@dataclass(frozen=True, slots=True)
class NewJob:
    workspace_id: str
    kind: str
    thread_id: str = ""
    agent_type: str = ""
    input: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    priority: int = 0
    max_attempts: int = 0  # 0: the default, 3
    scheduled_at: datetime | None = None  # None: now
    unique_key: str = ""
    request_id: str = ""
    run_policy: RunPolicy = RunPolicy.ENQUEUE  # when the thread already has an active run

    def check(self) -> None:
        v = Validator()
        v.parse(lambda raw, f: check_kind(raw, f), self.kind, "kind")
        v.parse(lambda raw, f: check_text(raw, f, MAX_AGENT_TYPE), self.agent_type, "agent_type")
        v.parse(lambda raw, f: check_text(raw, f, MAX_UNIQUE_KEY), self.unique_key, "unique_key")
        low, high = PRIORITY_RANGE
        v.check(low <= self.priority <= high, "priority", f"must be between {low} and {high}")
        v.check(
            0 <= self.max_attempts <= MAX_ATTEMPTS_LIMIT,
            "max_attempts",
            f"must be between 1 and {MAX_ATTEMPTS_LIMIT} (0: {DEFAULT_MAX_ATTEMPTS})",
        )
        v.raise_if_any()


class SubmitJob:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, cmd: NewJob) -> Job:
        principal.ensure_not_worker("submitting jobs")
        cmd.check()
        d, ws, now = self._d, cmd.workspace_id, self._d.clock.now()
        async with d.uow() as uow:
            actor = await member(uow, principal, ws, "submitting jobs")
            scope = f"{principal.user_id}:SubmitJob:{ws}"
            idem = Idempotency(uow, scope, cmd.request_id, asdict(cmd))
            if (replayed := await idem.replayed_id(d.clock)) is not None:
                return await must_get(uow, ws, replayed)
            job = _job(cmd, d.ids.new_id(), actor.user_id, now)
            if job.thread_id is not None:
                await hold_thread(uow, job)
                if (held := await _held_key(uow, job)) is not None:
                    await idem.remember(held.id, d.clock)
                    await uow.commit()
                    return held
                await make_room(uow, job, cmd.run_policy, now)
            stored_id = await uow.jobs.add(job)
            if stored_id != job.id:  # its unique key is held by an active job
                job = await must_get(uow, ws, stored_id)
            else:
                await uow.job_events.append([job.created(now)])
                await settle_thread(uow, job, now)
            await idem.remember(job.id, d.clock)
            await uow.commit()
        return job


async def _held_key(uow: JobsUnitOfWork, job: Job) -> Job | None:
    """The active job already holding the new job's unique key: the submit returns it, and
    its run policy touches nothing."""
    if job.unique_key is None:
        return None
    holder = await uow.jobs.holder_of(job.workspace_id, job.unique_key)
    return None if holder is None else await must_get(uow, job.workspace_id, holder)


def _job(cmd: NewJob, job_id: str, owner_id: str, now: datetime) -> Job:
    job = Job(
        id=job_id,
        workspace_id=cmd.workspace_id,
        owner_id=owner_id,
        kind=cmd.kind,
        created_at=now,
        updated_at=now,
        scheduled_at=cmd.scheduled_at or now,
        thread_id=cmd.thread_id or None,
        agent_type=cmd.agent_type,
        input=dict(cmd.input),
        parameters=dict(cmd.parameters),
        priority=cmd.priority,
        max_attempts=cmd.max_attempts or DEFAULT_MAX_ATTEMPTS,
        unique_key=cmd.unique_key or None,
    )
    job.event_seq = 1
    return job
