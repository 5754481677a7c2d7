"""The `Checkpoint` use case: record the chain's head, signed, in the checkpoint store."""

from __future__ import annotations

from domain.audit.checkpoint import AuditCheckpoint
from ports.audit import AuditCheckpoints, AuditMaintenance, CheckpointSigner
from ports.system import Clock


class Checkpoint:
    """Records the head unless a checkpoint already records it (or a later sequence).

    Returns the new checkpoint, or None when there was nothing new to record."""

    def __init__(
        self,
        log: AuditMaintenance,
        checkpoints: AuditCheckpoints,
        signer: CheckpointSigner,
        clock: Clock,
    ) -> None:
        self._log, self._checkpoints, self._signer, self._clock = log, checkpoints, signer, clock

    async def execute(self) -> AuditCheckpoint | None:
        sequence, head_hash = await self._log.head()
        latest = await self._checkpoints.latest()
        if sequence == 0 or (latest is not None and latest.sequence >= sequence):
            return None
        checkpoint = AuditCheckpoint(sequence, head_hash, self._clock.now())
        if self._signer.enabled:
            checkpoint = checkpoint.with_signature(self._signer.sign(checkpoint.message()))
        return checkpoint if await self._checkpoints.add(checkpoint) else None
