"""A checkpoint: the chain's head (sequence, hash) at a moment, signed outside the database."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime


@dataclass(frozen=True, slots=True)
class AuditCheckpoint:
    sequence: int
    hash: str
    taken_at: datetime
    signature: str | None = None  # None: taken without a checkpoint secret

    def message(self) -> str:
        """What the signature covers: the sequence, the hash and the time (in UTC, so any
        store's time zone reads back the same message), one per line."""
        taken_at = self.taken_at.astimezone(UTC).isoformat(timespec="microseconds")
        return f"{self.sequence}\n{self.hash}\n{taken_at}"

    def with_signature(self, signature: str | None) -> AuditCheckpoint:
        return replace(self, signature=signature)
