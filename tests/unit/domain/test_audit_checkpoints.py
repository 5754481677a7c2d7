"""Checkpoints of the audit chain's head, and what they find that the chain alone cannot."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from adapters.memory.audit import InMemoryAuditLog
from adapters.memory.audit_checkpoints import InMemoryAuditCheckpoints
from adapters.system.basics import Uuid7Generator
from adapters.system.signing import HmacCheckpointSigner
from domain.audit.chain import seal
from domain.audit.checkpoint import AuditCheckpoint
from domain.audit.checkpoint_check import CheckpointVerifier
from domain.audit.checkpointing import Checkpoint
from domain.audit.entry import AuditEntry, Outcome
from domain.errors import Unavailable
from entrypoints.audit_checkpointing import run_checkpoints
from tests.unit.domain.conftest import FakeClock

SECRET = HmacCheckpointSigner("server secret")
UNSET = HmacCheckpointSigner("")
AT = datetime(2025, 1, 2, tzinfo=UTC)
_ids = Uuid7Generator()


def _entries(count: int, start: int = 1) -> list[AuditEntry]:
    return [
        AuditEntry(
            id=_ids.new_id(),
            occurred_at=AT + timedelta(seconds=n),
            action="/strata.v1.IdentityService/GetUser",
            outcome=Outcome.SUCCESS,
            status_code="OK",
            duration_ms=n,
            resource=f"r-{n}",
        )
        for n in range(start, start + count)
    ]


class Trail:
    def __init__(self, signer: HmacCheckpointSigner = SECRET) -> None:
        self.log, self.store, self.signer = InMemoryAuditLog(), InMemoryAuditCheckpoints(), signer
        self.clock = FakeClock()
        self.checkpoint = Checkpoint(self.log, self.store, signer, self.clock)

    async def append(self, count: int) -> None:
        await self.log.append(_entries(count, start=(await self.log.head())[0] + 1))

    async def verify(self, signer: HmacCheckpointSigner | None = None) -> CheckpointVerifier:
        checkpoints, head = await self.store.all(), await self.log.head()
        verifier = CheckpointVerifier(checkpoints, signer or self.signer, head)
        for entry in await self.log.scan(0, 1000):
            verifier.feed(entry)
        return verifier


async def test_a_checkpoint_records_the_head_signed() -> None:
    trail = Trail()
    await trail.append(3)
    taken = await trail.checkpoint.execute()
    assert taken is not None and (taken.sequence, taken.hash) == await trail.log.head()
    assert taken.taken_at == trail.clock.now()
    assert taken.signature is not None and SECRET.matches(taken.message(), taken.signature)
    assert await trail.store.all() == [taken]


async def test_no_checkpoint_of_an_empty_chain_or_of_an_unmoved_head() -> None:
    trail = Trail()
    assert await trail.checkpoint.execute() is None
    await trail.append(2)
    assert await trail.checkpoint.execute() is not None
    assert await trail.checkpoint.execute() is None
    await trail.append(1)
    assert (await trail.checkpoint.execute() or AuditCheckpoint(0, "", AT)).sequence == 3


async def test_without_a_secret_checkpoints_are_stored_unsigned() -> None:
    trail = Trail(UNSET)
    await trail.append(2)
    taken = await trail.checkpoint.execute()
    assert taken is not None and taken.signature is None
    verifier = await trail.verify()
    assert verifier.first_problem() is None and (verifier.matched, verifier.unsigned) == (1, 1)


async def test_the_signature_covers_sequence_hash_and_time() -> None:
    taken = AuditCheckpoint(5, "a" * 64, AT)
    signature = SECRET.sign(taken.message())
    for changed in (
        AuditCheckpoint(6, "a" * 64, AT),
        AuditCheckpoint(5, "b" * 64, AT),
        AuditCheckpoint(5, "a" * 64, AT + timedelta(microseconds=1)),
    ):
        assert not SECRET.matches(changed.message(), signature)
    assert SECRET.matches(taken.message(), signature)
    assert not HmacCheckpointSigner("another").matches(taken.message(), signature)
    assert not UNSET.matches(taken.message(), signature)


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
