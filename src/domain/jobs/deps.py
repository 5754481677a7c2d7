"""What job use cases are built from, and the access rules they share."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.jobs.backoff import Backoff
from domain.jobs.model import Job
from domain.kernel.access import Actor, actor_in
from domain.kernel.lookup import found, required
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.jobs import JobsUnitOfWork
from ports.system import Clock, IdGenerator, TokenSigner
from ports.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class JobsDeps:
    uow: UnitOfWorkFactory[JobsUnitOfWork]
    clock: Clock
    ids: IdGenerator
    page_tokens: TokenSigner
    backoff: Backoff = field(default_factory=Backoff)
    rescue_batch: int = 500


async def reader(uow: JobsUnitOfWork, principal: Principal, workspace_id: str) -> Actor:
    """Any member reads; NOT_FOUND for everyone else."""
    return await actor_in(uow, principal, workspace_id)


async def member(uow: JobsUnitOfWork, principal: Principal, workspace_id: str, what: str) -> Actor:
    """Members submit jobs, and work them as workers (a worker's key is a member's)."""
    actor = await reader(uow, principal, workspace_id)
    actor.require(Role.MEMBER, what)
    return actor


async def must_get(
    uow: JobsUnitOfWork, workspace_id: str, job_id: str, *, lock: bool = False, field: str = "id"
) -> Job:
    job = await uow.jobs.get(workspace_id, required(job_id, field), lock=lock)
    return found(job, "job", job_id)
