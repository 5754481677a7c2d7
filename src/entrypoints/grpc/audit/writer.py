"""The batch writer: queued audit entries appended in groups, retried until stored."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque

from domain.audit.entry import AuditEntry
from domain.kernel.errors import Unavailable
from ports.audit import AuditLog

log = logging.getLogger("strata.audit")
MAX_ATTEMPTS = 5


class BatchWriter:
    """Appends queued entries every `flush_seconds` or `batch_size` entries, off the request path.

    A crash loses what is queued (at most one flush interval of reads and failed
    calls); a graceful stop flushes it. While the store is down entries wait, up to
    `max_pending`, then the oldest are dropped with a warning.
    """

    def __init__(
        self,
        audit_log: AuditLog,
        flush_seconds: float = 0.2,
        batch_size: int = 500,
        max_pending: int = 100_000,
    ) -> None:
        self._log = audit_log
        self._flush_seconds = flush_seconds
        self._batch = batch_size
        self._pending: deque[AuditEntry] = deque(maxlen=max_pending)
        self._wake = asyncio.Event()
        self._flushing = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._attempts: dict[str, int] = {}

    @property
    def pending(self) -> int:
        """Entries queued and not yet stored."""
        return len(self._pending)

    def submit(self, entry: AuditEntry) -> None:
        if len(self._pending) == self._pending.maxlen:
            log.warning("audit queue full: dropping the oldest entry")
        self._pending.append(entry)
        if len(self._pending) >= self._batch:
            self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="audit-batch-writer")

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._flush_seconds)
            self._wake.clear()
            await self.flush()

    async def flush(self) -> None:
        """Write what is queued; returns once everything queued before the call is stored
        (or, with the store down, put back to wait)."""
        async with self._flushing:
            await self._flush_pending()

    async def _flush_pending(self) -> None:
        """Each entry is its own append: the log writes them in one transaction and, when
        that fails for anything but Unavailable, retries each alone (see AuditLog.append),
        so only the entries it could not store come back here to wait."""
        while self._pending:
            batch = [self._pending.popleft() for _ in range(min(self._batch, len(self._pending)))]
            outcomes = await asyncio.gather(
                *(self._log.append([entry], durable=False) for entry in batch),
                return_exceptions=True,
            )
            failed = [(e, o) for e, o in zip(batch, outcomes, strict=True) if o is not None]
            if self._attempts:
                for entry, outcome in zip(batch, outcomes, strict=True):
                    if outcome is None:
                        self._attempts.pop(entry.id, None)
            if failed:
                self._wait(failed)
                return

    def _wait(self, failed: list[tuple[AuditEntry, BaseException]]) -> None:
        """Put the entries back to be written at the next flush. Entries are always storable
        (see domain.audit.normal_form), so a failure means the store is unreachable; an
        entry refused MAX_ATTEMPTS times all the same is logged and dropped."""
        retry: list[AuditEntry] = []
        for entry, exc in failed:
            attempts = self._attempts.get(entry.id, 0) + 1
            if attempts < MAX_ATTEMPTS or isinstance(exc, Unavailable):
                self._attempts[entry.id] = attempts
                retry.append(entry)
            else:
                self._attempts.pop(entry.id, None)
                log.error("audit entry %s of %s dropped: %s", entry.id, entry.action, exc)
        self._pending.extendleft(reversed(retry))
        log.warning("audit store unavailable; %d entries wait", len(self._pending))

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()
