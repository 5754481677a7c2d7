"""Checkpoints of the audit chain's head, and what they find that the chain alone cannot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.memory.audit.checkpoints import InMemoryAuditCheckpoints
from adapters.memory.audit.log import InMemoryAuditLog
from adapters.system.basics import Uuid7Generator
from adapters.system.signing import HmacCheckpointSigner
from domain.audit.checkpoint import AuditCheckpoint
from domain.audit.checkpoint_check import CheckpointVerifier
from domain.audit.checkpointing import Checkpoint
from domain.audit.entry import AuditEntry, Outcome
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
