"""Reading the audit trail: superusers everything, workspace owners and admins their own."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from domain.audit.deps import AuditDeps, authorise, check_range
from domain.audit.entry import AuditEntry
from domain.kernel.errors import NotFound, PermissionDenied, quoted
from domain.kernel.lookup import found, required
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.audit import ActionSummary, ActivityBucket, AuditFilter

EARLIEST = datetime(1, 1, 1, tzinfo=UTC)


class ListAuditEntries:
    def __init__(self, deps: AuditDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: AuditFilter, page_size: int, page_token: str
    ) -> Page[AuditEntry]:
        check_range(filt)
        query = {f: str(getattr(filt, f)) for f in AuditFilter.__dataclass_fields__}
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens, key_type=int)
        await authorise(self._d, principal, filt)
        rows = await self._d.log.find(filt, req.after, req.size + 1)
        return build_page(rows, req, lambda e: (e.sequence,))


class GetAuditEntry:
    def __init__(self, deps: AuditDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, entry_id: str) -> AuditEntry:
        entry = found(await self._d.log.get(required(entry_id)), "audit entry", entry_id)
        try:
            await authorise(self._d, principal, AuditFilter(workspace_id=entry.workspace_id))
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
        check_range(filt)
        await authorise(self._d, principal, filt)
        return await self._d.log.summarize(filt)


class GetAuditActivity:
    """Seed 003's "activity per hour"; defaults to the last 24 hours."""

    def __init__(self, deps: AuditDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, filt: AuditFilter) -> list[ActivityBucket]:
        filt = _window(filt, self._d.clock.now(), timedelta(hours=24))
        check_range(filt)
        await authorise(self._d, principal, filt)
        return await self._d.log.activity(filt)
