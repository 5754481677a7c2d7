"""The audit log: append-only, hash-chained, queried by the AuditService.

Rules every adapter keeps:
- `append` stores the entries in order, assigning each the next `sequence`,
  `prev_hash` (the previous entry's hash, or 64 zeros for the first) and
  `hash` (see `domain.audit.chain`); it returns only once they are durable.
  A failure entry whose id is already stored is skipped (one entry per call: the
  failure entry queued while its call's commit had an unknown outcome names the
  same id as the success entry that commit may have stored).
  A store that cannot be reached raises domain.errors.Unavailable.
- `AuditEntries.append` (a unit of work's repository) seals and inserts entries in
  that unit of work's transaction: they commit or roll back with the write.
- Nothing changes or removes an entry but `purge`.
- `find` lists newest first (sequence descending); the key of a row is (sequence,).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from domain.audit.entry import AuditEntry, Outcome
from ports.uow import UnitOfWork

# The action of the entry a purge appends; its request holds the purge's anchor.
PURGE_ACTION = "strata.audit/Purge"


@dataclass(frozen=True, slots=True)
class AuditFilter:
    user_id: str | None = None
    username: str | None = None
    workspace_id: str | None = None
    action: str | None = None
    outcomes: tuple[Outcome, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    request_id: str | None = None
    min_duration_ms: int | None = None


@dataclass(frozen=True, slots=True)
class ActionSummary:
    action: str
    count: int
    error_count: int
    avg_duration_ms: float
    max_duration_ms: int


@dataclass(frozen=True, slots=True)
class ActivityBucket:
    hour: datetime
    events: int
    errors: int


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The verdict of walking the chain: `ok`, or the first entry found wrong and why."""

    checked: int
    ok: bool
    first_bad_sequence: int | None = None
    first_bad_id: str | None = None
    problem: str = ""
    details: dict[str, Any] = field(default_factory=dict)


class AuditEntries(Protocol):
    """The audit trail inside a unit of work: a write and its entry are one transaction."""

    async def append(self, entries: list[AuditEntry]) -> None:
        """Seal `entries` after the chain's head and insert them in this transaction.
        Other appends wait on the head until it ends; an id already stored raises
        AlreadyExists."""
        ...


class AuditLog(Protocol):
    async def append(self, entries: list[AuditEntry], durable: bool = True) -> None:
        """With `durable=False` the store may acknowledge before the commit is on disk
        (batched entries of reads and failed calls, which a crash may lose anyway)."""
        ...

    async def get(self, entry_id: str) -> AuditEntry | None: ...

    async def find(
        self, filt: AuditFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[AuditEntry]: ...

    async def summarize(self, filt: AuditFilter) -> list[ActionSummary]:
        """Per action, slowest mean first."""
        ...

    async def activity(self, filt: AuditFilter) -> list[ActivityBucket]:
        """Per UTC hour with any entry, oldest first; errors count outcome 'error'."""
        ...


class AuditMaintenance(Protocol):
    """Operator tasks; in PostgreSQL they run with the admin role."""

    async def scan(self, after_sequence: int, limit: int) -> list[AuditEntry]:
        """Entries in ascending sequence after `after_sequence`."""
        ...

    async def purge_anchors(self) -> dict[int, str]:
        """For every purge so far: the last purged sequence and its hash."""
        ...

    async def head(self) -> tuple[int, str]:
        """The last sequence appended and its hash ((0, GENESIS) before the first)."""
        ...

    async def purge(self, before: datetime, entry: AuditEntry) -> int:
        """Delete the oldest entries up to the first one at or after `before` (a
        prefix of the chain, so it stays verifiable), then append `entry`, which
        records the purge (its request holds `anchor_sequence` and `anchor_hash`).
        Returns how many entries were deleted."""
        ...


from domain.audit.checkpoint import AuditCheckpoint  # noqa: E402


class AuditCheckpoints(Protocol):
    """Checkpoints of the chain's head: insert-only, at most one per sequence."""

    async def add(self, checkpoint: AuditCheckpoint) -> bool:
        """False (nothing stored) when a checkpoint of that sequence exists."""
        ...

    async def latest(self) -> AuditCheckpoint | None: ...

    async def all(self) -> list[AuditCheckpoint]:
        """Ascending sequence."""
        ...


class CheckpointSigner(Protocol):
    """Signs checkpoints with a server secret the database does not hold."""

    @property
    def enabled(self) -> bool:
        """False when no secret is set: checkpoints are then stored unsigned."""
        ...

    def sign(self, message: str) -> str: ...

    def matches(self, message: str, signature: str) -> bool: ...


class AuditUnitOfWork(UnitOfWork, Protocol):
    audit: AuditEntries
