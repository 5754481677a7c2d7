"""Checking checkpoints against the chain: what the chain alone cannot tell.

Whoever can write the audit table can re-hash every entry from an edited one up to the
head, and move the head: the chain then verifies. A checkpoint recorded the head's
sequence and hash earlier, signed with a secret the database does not hold, so the
rewritten entry at a checkpoint's sequence, or a head moved back below a checkpoint,
shows. Fed the same entries as the ChainVerifier, in sequence order.
"""

from __future__ import annotations

from domain.audit.checkpoint import AuditCheckpoint
from domain.audit.entry import AuditEntry
from ports.audit import CheckpointSigner


class CheckpointVerifier:
    def __init__(
        self,
        checkpoints: list[AuditCheckpoint],
        signer: CheckpointSigner,
        head: tuple[int, str],
        anchors: dict[int, str] | None = None,
    ) -> None:
        """`checkpoints` read before `head`, so an honest head is never behind them."""
        self._checkpoints = sorted(checkpoints, key=lambda c: c.sequence)
        self._signer, self._head, self._anchors = signer, head, anchors or {}
        self._wanted = {c.sequence for c in checkpoints}
        self._hashes: dict[int, str] = {}
        self._first: int | None = None
        self.matched = self.unsigned = self.purged = 0

    def feed(self, entry: AuditEntry) -> None:
        assert entry.sequence is not None and entry.hash is not None
        if self._first is None:
            self._first = entry.sequence
        if entry.sequence in self._wanted:
            self._hashes[entry.sequence] = entry.hash

    def first_problem(self) -> tuple[AuditCheckpoint, str] | None:
        """The first checkpoint (ascending sequence) the chain contradicts, and why."""
        for checkpoint in self._checkpoints:
            problem = self._problem_of(checkpoint)
            if problem:
                return checkpoint, problem
        return None

    def _problem_of(self, checkpoint: AuditCheckpoint) -> str:
        sequence = checkpoint.sequence
        if checkpoint.signature is None:
            self.unsigned += 1
        elif self._signer.enabled and not self._signer.matches(
            checkpoint.message(), checkpoint.signature
        ):
            return "its signature does not match (forged, or signed with another secret)"
        if sequence > self._head[0]:
            return f"the chain's head ({self._head[0]}) is behind it: newer entries were removed"
        recorded = self._hashes.get(sequence, self._anchors.get(sequence))
        if recorded is None and self._first is not None and sequence < self._first:
            self.purged += 1
            return ""
        if recorded != checkpoint.hash:
            return f"entry {sequence} is not the one checkpointed: entries were rewritten"
        self.matched += 1
        return ""
