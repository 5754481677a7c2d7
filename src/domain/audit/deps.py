"""What audit use cases are built from, and who may read the trail."""

from __future__ import annotations

from dataclasses import dataclass

from domain.kernel.access import actor_in
from domain.kernel.errors import InvalidArgument, PermissionDenied
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.audit import AuditFilter, AuditLog, AuditUnitOfWork
from ports.system import Clock, TokenSigner
from ports.uow import UnitOfWorkFactory

NEEDS = "reading the audit trail needs the admin role in the workspace (set workspace_id)"


@dataclass(frozen=True, slots=True)
class AuditDeps:
    log: AuditLog
    uow: UnitOfWorkFactory[AuditUnitOfWork]
    clock: Clock
    page_tokens: TokenSigner


async def authorise(d: AuditDeps, principal: Principal, filt: AuditFilter) -> None:
    """A superuser's key limited to a workspace reads it as its user's role there allows."""
    if principal.is_superuser:
        return
    if not filt.workspace_id:
        raise PermissionDenied(NEEDS)
    async with d.uow(read_only=True) as uow:
        actor = await actor_in(uow, principal, filt.workspace_id)
    actor.require(Role.ADMIN, "reading the audit trail")


def check_range(filt: AuditFilter) -> None:
    if filt.start and filt.end and filt.start >= filt.end:
        raise InvalidArgument.of("end_time", "must be after start_time")
    if filt.min_duration_ms is not None and filt.min_duration_ms < 0:
        raise InvalidArgument.of("min_duration_ms", "must not be negative")
