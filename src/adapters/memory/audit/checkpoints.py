"""Audit checkpoints in a dict, for tests and the memory storage."""

from __future__ import annotations

from domain.audit.checkpoint import AuditCheckpoint


class InMemoryAuditCheckpoints:
    def __init__(self) -> None:
        self._by_sequence: dict[int, AuditCheckpoint] = {}

    async def add(self, checkpoint: AuditCheckpoint) -> bool:
        if checkpoint.sequence in self._by_sequence:
            return False
        self._by_sequence[checkpoint.sequence] = checkpoint
        return True

    async def latest(self) -> AuditCheckpoint | None:
        return self._by_sequence[max(self._by_sequence)] if self._by_sequence else None

    async def all(self) -> list[AuditCheckpoint]:
        return [self._by_sequence[s] for s in sorted(self._by_sequence)]
