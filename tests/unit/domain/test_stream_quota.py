"""Open chunk streams are bounded per caller and in all; a refused one takes no transaction."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest

from adapters.system.basics import Uuid7Generator
from domain.kernel.errors import DeadlineExceeded, ResourceExhausted
from domain.kernel.roles import Role
from domain.knowledge.chunks import ChunkBatch, NewChunk, UpsertChunksStream
from domain.knowledge.deps import KnowledgeDeps, KnowledgeLimits
from domain.knowledge.documents import CreateDocument, NewDocument
from domain.knowledge.stream_quota import StreamQuota
from tests.unit.domain.conftest import PAGE_TOKENS

DIM = 3


@pytest.fixture
def d(uow, clock) -> KnowledgeDeps:
    limits = KnowledgeLimits(max_stream_pause_seconds=0.3)
    return KnowledgeDeps(
        uow, clock, Uuid7Generator(), PAGE_TOKENS, embedding_dim=DIM, limits=limits
    )


def test_a_caller_gets_at_most_its_share_and_gets_it_back_when_done() -> None:
    quota = StreamQuota(per_caller=2, total=10)
    with quota.admit("alice"), quota.admit("alice"):
        with (
            pytest.raises(ResourceExhausted, match="at most 2 open streams per caller"),
            quota.admit("alice"),
        ):
            pass
        with quota.admit("bob"):
            assert (quota.held_by("alice"), quota.held_by("bob"), quota.open) == (2, 1, 3)
    with quota.admit("alice"):
        assert quota.open == 1


def test_all_callers_together_stay_under_the_total() -> None:
    quota = StreamQuota(per_caller=2, total=3)
    with (
        quota.admit("a"),
        quota.admit("b"),
        quota.admit("c"),
        pytest.raises(ResourceExhausted) as refused,
        quota.admit("d"),
    ):
        pass
    assert refused.value.retry_after_seconds > 0
    assert quota.open == 0


def test_a_slot_is_given_back_when_the_stream_fails() -> None:
    quota = StreamQuota(per_caller=1, total=1)
    with pytest.raises(DeadlineExceeded), quota.admit("alice"):
        raise DeadlineExceeded("stalled")
    with quota.admit("alice"):
        assert quota.held_by("alice") == 1


async def test_stalled_streams_of_one_caller_do_not_keep_another_from_writing(
    d, world, alice
) -> None:
    ws = await world.workspace(alice, "streams")
    bob = await world.member(ws, alice, "bob", Role.ADMIN)
    docs = [
        await CreateDocument(d).execute(alice.principal, NewDocument(ws.id, f"Doc {i}"))
        for i in range(4)
    ]
    stream = UpsertChunksStream(d, StreamQuota(per_caller=2, total=3))

    async def stalled(doc_id: str) -> AsyncIterator[ChunkBatch]:
        yield ChunkBatch(ws.id, doc_id, [NewChunk(0, "first", [1.0, 0.0, 0.0])])
        await asyncio.sleep(5)

    async def one(doc_id: str) -> AsyncIterator[ChunkBatch]:
        yield ChunkBatch(ws.id, doc_id, [NewChunk(0, "bob's", [0.0, 1.0, 0.0])])

    holding = [
        asyncio.create_task(stream.execute(alice.principal, stalled(doc.id))) for doc in docs[:2]
    ]
    await asyncio.sleep(0.05)
    with pytest.raises(ResourceExhausted):
        await stream.execute(alice.principal, stalled(docs[2].id))
    assert await stream.execute(bob.principal, one(docs[3].id)) == (docs[3].id, 1)
    for task in holding:
        with pytest.raises(DeadlineExceeded, match="STRATA_STREAM_IDLE_SECONDS"):
            await task
    assert await stream.execute(alice.principal, one(docs[2].id)) == (docs[2].id, 1)


async def test_a_stream_whose_first_message_never_comes_ends_too(d, alice) -> None:
    async def silent() -> AsyncIterator[ChunkBatch]:
        await asyncio.sleep(5)
        yield ChunkBatch("", "", [])

    quick = dataclasses.replace(d, limits=KnowledgeLimits(max_stream_pause_seconds=0.05))
    with pytest.raises(DeadlineExceeded):
        await UpsertChunksStream(quick).execute(alice.principal, silent())
