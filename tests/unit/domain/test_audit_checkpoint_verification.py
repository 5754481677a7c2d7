"""What checkpoints find that the chain alone cannot: rewrites, a head moved back, forgeries."""

from __future__ import annotations

import asyncio

import pytest

from adapters.memory.audit.checkpoints import InMemoryAuditCheckpoints
from adapters.system.signing import HmacCheckpointSigner
from domain.audit.chain import seal
from domain.audit.checkpoint import AuditCheckpoint
from domain.audit.checkpoint_check import CheckpointVerifier
from domain.audit.checkpointing import Checkpoint
from domain.kernel.errors import Unavailable
from entrypoints.grpc.audit.checkpointing import run_checkpoints
from tests.unit.domain.test_audit_checkpoints import AT, SECRET, UNSET, Trail


async def test_an_intact_chain_matches_every_checkpoint() -> None:
    trail = Trail()
    for _ in range(3):
        await trail.append(2)
        await trail.checkpoint.execute()
    verifier = await trail.verify()
    assert verifier.first_problem() is None
    assert (verifier.matched, verifier.unsigned, verifier.purged) == (3, 0, 0)


async def _forge(trail: Trail, sequence: int) -> None:
    """Edit entry `sequence`, re-hash it and re-link every entry after it, head included."""
    entries = await trail.log.scan(0, 1000)
    entries[sequence - 1].resource = "forged"
    before = entries[sequence - 2].hash if sequence > 1 else "0" * 64
    head = seal(entries[sequence - 1 :], sequence - 1, before or "")
    trail.log._entries = entries  # the forger writes the store directly
    trail.log._head = head


async def test_a_rewritten_chain_contradicts_the_first_checkpoint_after_the_edit() -> None:
    trail = Trail()
    for _ in range(3):
        await trail.append(2)
        await trail.checkpoint.execute()  # at 2, 4, 6
    await _forge(trail, 3)
    broken = (await trail.verify()).first_problem()
    assert broken is not None and broken[0].sequence == 4
    assert broken[1] == "entry 4 is not the one checkpointed: entries were rewritten"


async def test_a_head_moved_back_below_a_checkpoint_is_found() -> None:
    trail = Trail()
    await trail.append(4)
    await trail.checkpoint.execute()
    entries = await trail.log.scan(0, 1000)
    trail.log._entries = entries[:2]
    trail.log._head = (2, entries[1].hash or "")
    broken = (await trail.verify()).first_problem()
    assert broken is not None and broken[0].sequence == 4
    assert broken[1] == "the chain's head (2) is behind it: newer entries were removed"


async def test_a_forged_signature_is_found() -> None:
    trail = Trail()
    await trail.append(2)
    await trail.store.add(AuditCheckpoint(2, (await trail.log.head())[1], AT, "0" * 64))
    broken = (await trail.verify()).first_problem()
    assert broken is not None and "signature does not match" in broken[1]


@pytest.mark.parametrize("signer", [SECRET, UNSET])
async def test_a_checkpoint_signed_with_another_secret_fails_only_when_signatures_are_checked(
    signer: HmacCheckpointSigner,
) -> None:
    trail = Trail(HmacCheckpointSigner("an old secret"))
    await trail.append(2)
    await trail.checkpoint.execute()
    broken = (await trail.verify(signer)).first_problem()
    assert (broken is not None) == signer.enabled


async def test_a_checkpoint_of_a_purged_entry_is_held_against_the_purge_anchor() -> None:
    trail = Trail()
    await trail.append(4)
    await trail.checkpoint.execute()  # at 4
    await trail.append(4)
    await trail.checkpoint.execute()  # at 8
    entries = await trail.log.scan(0, 1000)
    kept = entries[5:]  # 1..5 purged, so checkpoint 4 is below the first entry and no anchor
    verifier = CheckpointVerifier(
        await trail.store.all(), SECRET, await trail.log.head(), {4: entries[3].hash or ""}
    )
    for entry in kept:
        verifier.feed(entry)
    assert verifier.first_problem() is None and verifier.matched == 2
    wrong_anchor = CheckpointVerifier(
        await trail.store.all(), SECRET, await trail.log.head(), {4: "f" * 64}
    )
    for entry in kept:
        wrong_anchor.feed(entry)
    assert (wrong_anchor.first_problem() or (None, ""))[1].startswith("entry 4 is not")
    unanchored = CheckpointVerifier(await trail.store.all(), SECRET, await trail.log.head())
    for entry in kept:
        unanchored.feed(entry)
    assert unanchored.first_problem() is None and (unanchored.matched, unanchored.purged) == (1, 1)


class FlakyCheckpoints(InMemoryAuditCheckpoints):
    """Refuses its first write as a store that is down would."""

    def __init__(self) -> None:
        super().__init__()
        self.failures = 1

    async def add(self, checkpoint: AuditCheckpoint) -> bool:
        if self.failures:
            self.failures -= 1
            raise Unavailable("database unavailable")
        return await super().add(checkpoint)


async def test_the_background_task_checkpoints_again_after_a_failed_round() -> None:
    trail = Trail()
    store = FlakyCheckpoints()
    await trail.append(3)
    task = asyncio.create_task(
        run_checkpoints(Checkpoint(trail.log, store, SECRET, trail.clock), 0.001)
    )
    for _ in range(200):
        if await store.all():
            break
        await asyncio.sleep(0.005)
    task.cancel()
    assert store.failures == 0 and [c.sequence for c in await store.all()] == [3]
