"""`strata audit verify`'s walk: every entry's hash and link, then every checkpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.audit.chain import ChainVerifier
from domain.audit.checkpoint_check import CheckpointVerifier
from ports.audit import AuditCheckpoints, AuditMaintenance, ChainReport, CheckpointSigner

BATCH = 1000
PROGRESS_EVERY = 10_000


async def verify_chain(
    log: AuditMaintenance,
    progress: Callable[[int], None],
    checkpoints: AuditCheckpoints | None = None,
    signer: CheckpointSigner | None = None,
) -> ChainReport:
    """Walk the whole chain in sequence order; stop at the first entry found wrong; then
    hold every checkpoint against it (details: matched, unsigned, purged, signed)."""
    from adapters.system.signing import HmacCheckpointSigner

    signer = signer or HmacCheckpointSigner()
    taken = await checkpoints.all() if checkpoints is not None else []  # before the head
    head = await log.head()  # before the walk: appends may go on meanwhile
    anchors = await log.purge_anchors()
    verifier = ChainVerifier(anchors=anchors, head=head)
    anchored = CheckpointVerifier(taken, signer, head, anchors)
    after = 0
    while batch := await log.scan(after, BATCH):
        for entry in batch:
            if not verifier.feed(entry):
                return _tampered(verifier)
            anchored.feed(entry)
            if verifier.checked % PROGRESS_EVERY == 0:
                progress(verifier.checked)
        after = batch[-1].sequence or after
    if not verifier.finish():
        return _tampered(verifier)
    if broken := anchored.first_problem():
        checkpoint, problem = broken
        stamp = checkpoint.taken_at.isoformat(timespec="seconds")
        return ChainReport(
            verifier.checked,
            False,
            problem=f"checkpoint {checkpoint.sequence} ({stamp}): {problem}",
        )
    counts = {"checkpoints": len(taken), "unsigned": anchored.unsigned, "purged": anchored.purged}
    return ChainReport(verifier.checked, True, details={**counts, "signed": signer.enabled})


def _tampered(verifier: ChainVerifier) -> ChainReport:
    bad, problem = verifier.problem or (None, "")
    if bad is None:
        return ChainReport(verifier.checked, False, problem=problem)
    return ChainReport(verifier.checked, False, bad.sequence, bad.id, problem)


def checkpoints_line(details: dict[str, Any]) -> str:
    count, unsigned, purged = details["checkpoints"], details["unsigned"], details["purged"]
    line = f"checkpoints: {count - purged} match the chain"
    line += f", {purged} of purged entries" if purged else ""
    if not details["signed"]:
        return line + "; signatures NOT checked: STRATA_AUDIT_CHECKPOINT_SECRET is not set"
    return line + (f"; {unsigned} unsigned" if unsigned else "; all signed")
