"""Reading the audit trail: superusers everything, workspace owners and admins their own."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from domain.audit.entry import AuditEntry
from domain.errors import InvalidArgument, NotFound, PermissionDenied, quoted
from domain.identity.principal import Principal
from domain.identity.use_cases.deps import load_actor
from domain.identity.values import Role
from domain.pagination import Page, PageRequest, build_page
from ports.audit import ActionSummary, ActivityBucket, AuditFilter, AuditLog
from ports.system import Clock, TokenSigner
from ports.uow import UnitOfWorkFactory

EARLIEST = datetime(1, 1, 1, tzinfo=UTC)
NEEDS = "reading the audit trail needs the admin role in the workspace (set workspace_id)"


@dataclass(frozen=True, slots=True)
class AuditDeps:
    log: AuditLog
    uow: UnitOfWorkFactory
    clock: Clock
    page_tokens: TokenSigner


async def _authorise(d: AuditDeps, principal: Principal, filt: AuditFilter) -> None:
    """A superuser's key limited to a workspace reads it as its user's role there allows."""
    if principal.is_superuser:
        return
    if not filt.workspace_id:
        raise PermissionDenied(NEEDS)
    async with d.uow(read_only=True) as uow:
        _, actor = await load_actor(uow, principal, filt.workspace_id)
    actor.require(Role.ADMIN, "reading the audit trail")


def _check_range(filt: AuditFilter) -> None:
    if filt.start and filt.end and filt.start >= filt.end:
        raise InvalidArgument.of("end_time", "must be after start_time")
    if filt.min_duration_ms is not None and filt.min_duration_ms < 0:
        raise InvalidArgument.of("min_duration_ms", "must not be negative")


class ListAuditEntries:
    def __init__(self, deps: AuditDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: AuditFilter, page_size: int, page_token: str
    ) -> Page[AuditEntry]:
        _check_range(filt)
        query = {f: str(getattr(filt, f)) for f in AuditFilter.__dataclass_fields__}
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens, key_type=int)
        await _authorise(self._d, principal, filt)
        rows = await self._d.log.find(filt, req.after, req.size + 1)
        return build_page(rows, req, lambda e: (e.sequence,))


class GetAuditEntry:
    def __init__(self, deps: AuditDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, entry_id: str) -> AuditEntry:
        if not entry_id:
            raise InvalidArgument.of("id", "is required")
        entry = await self._d.log.get(entry_id)
        if entry is None:
            raise NotFound(f"audit entry {quoted(entry_id)} not found")
        try:
            await _authorise(self._d, principal, AuditFilter(workspace_id=entry.workspace_id))
        except (PermissionDenied, NotFound):
            raise NotFound(f"audit entry {quoted(entry_id)} not found") from None
        return entry


def _window(filt: AuditFilter, now: datetime, default: timedelta) -> AuditFilter:
    """The filter's window; without a start, `default` before its end (not before year 1)."""
    end = filt.end or now
    start = filt.start or (end - default if end - EARLIEST > default else EARLIEST)
    return replace(filt, start=start, end=end)


class SummarizeAuditActions:
    """Seed 003's "slow operations by action": set min_duration_ms, defaults to 7 days."""

    def __init__(self, deps: AuditDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, filt: AuditFilter) -> list[ActionSummary]:
        filt = _window(filt, self._d.clock.now(), timedelta(days=7))
        _check_range(filt)
        await _authorise(self._d, principal, filt)
        return await self._d.log.summarize(filt)


class GetAuditActivity:
    """Seed 003's "activity per hour"; defaults to the last 24 hours."""

    def __init__(self, deps: AuditDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, filt: AuditFilter) -> list[ActivityBucket]:
        filt = _window(filt, self._d.clock.now(), timedelta(hours=24))
        _check_range(filt)
        await _authorise(self._d, principal, filt)
        return await self._d.log.activity(filt)
