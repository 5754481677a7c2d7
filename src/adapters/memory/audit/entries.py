"""AuditEntries of a memory unit of work: held until it commits, then appended to the log."""

from __future__ import annotations

from adapters.memory.audit.log import InMemoryAuditLog
from domain.audit.entry import AuditEntry
from domain.audit.normal_form import normalise


class InMemoryAuditEntries:
    """AuditEntries of a memory unit of work: held until it commits, then appended."""

    def __init__(self, log: InMemoryAuditLog) -> None:
        self._log = log
        self._held: list[AuditEntry] = []

    async def append(self, entries: list[AuditEntry]) -> None:
        for entry in entries:
            normalise(entry)
        self._held.extend(entries)  # sealed in place when they are appended, as PostgreSQL does

    async def commit(self) -> None:
        """Appends what is held; raises (nothing appended) when an id is already stored."""
        held, self._held = self._held, []
        if held:
            await self._log.append_new(held)

    def discard(self) -> None:
        self._held = []
