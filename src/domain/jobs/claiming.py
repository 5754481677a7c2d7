"""Workers claim jobs: a batch of the kinds they serve, each under a fenced lease."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from domain.jobs.deps import JobsDeps, member
from domain.jobs.events import JobEvent
from domain.jobs.model import Job, lease_until
from domain.jobs.values import (
    MAX_CLAIM,
    MAX_KINDS,
    MAX_LEASE_SECONDS,
    MAX_WORKER_ID,
    MIN_LEASE_SECONDS,
    JobStatus,
    check_kind,
)
from domain.kernel.errors import Validator
from domain.kernel.principal import Principal
from ports.jobs import Claim, JobsUnitOfWork


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    workspace_id: str
    worker_id: str
    kinds: tuple[str, ...]
    max_jobs: int = 1
    lease_seconds: int = 60

    def check(self) -> None:
        v = Validator()
        v.check(bool(self.worker_id), "worker_id", "is required")
        v.check(len(self.worker_id) <= MAX_WORKER_ID, "worker_id", "is too long")
        v.check(bool(self.kinds), "kinds", "must name at least one kind")
        v.check(len(self.kinds) <= MAX_KINDS, "kinds", f"must be at most {MAX_KINDS} kinds")
        for i, kind in enumerate(self.kinds):
            v.parse(check_kind, kind, f"kinds[{i}]")
        v.check(1 <= self.max_jobs <= MAX_CLAIM, "max_jobs", f"must be between 1 and {MAX_CLAIM}")
        low, high = MIN_LEASE_SECONDS, MAX_LEASE_SECONDS
        v.check(low <= self.lease_seconds <= high, "lease_seconds", f"must be {low} to {high}")
        v.raise_if_any()


class ClaimJobs:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, req: ClaimRequest) -> list[Job]:
        now = self._d.clock.now()
        claim = claim_for(principal, req, now)
        async with self._d.uow() as uow:
            await member(uow, principal, req.workspace_id, "claiming jobs")
            jobs, events = await claim_in(uow, claim)
            if jobs:
                await uow.job_events.append(events)
                await uow.commit()
        return jobs


def claim_for(principal: Principal, req: ClaimRequest, now: datetime) -> Claim:
    """The claim `req` asks for, checked; a worker key claims only its kinds, and naming
    none means all of them."""
    if principal.is_worker and not req.kinds:
        req = replace(req, kinds=principal.job_kinds)
    req.check()
    for kind in req.kinds:
        principal.ensure_serves(kind, "kinds")
    return Claim(
        workspace_id=req.workspace_id,
        kinds=tuple(sorted(set(req.kinds))),
        worker_id=req.worker_id,
        now=now,
        lease_until=lease_until(now, req.lease_seconds),
        limit=req.max_jobs,
    )


async def claim_in(uow: JobsUnitOfWork, claim: Claim) -> tuple[list[Job], list[JobEvent]]:
    """The claimed jobs, and the events of their claims the caller appends in `uow`."""
    jobs = await uow.jobs.claim(claim)
    events = [
        job.event(JobStatus.PENDING, claim.now, worker_id=claim.worker_id, attempt=job.attempts)
        for job in jobs
    ]
    return jobs, events
