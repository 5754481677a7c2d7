"""Chunks: all-or-nothing replacement, limits, streams; search in its three modes."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator

import pytest

from adapters.system.basics import Uuid7Generator
from domain.kernel.errors import DeadlineExceeded, InvalidArgument, PermissionDenied
from domain.kernel.roles import Role
from domain.knowledge.chunks import ChunkBatch, NewChunk, UpsertChunks, UpsertChunksStream
from domain.knowledge.deps import KnowledgeDeps, KnowledgeLimits
from domain.knowledge.document_reads import GetDocument
from domain.knowledge.documents import CreateDocument, NewDocument
from domain.knowledge.search import SearchMode
from domain.knowledge.searching import SearchChunks, SearchQuery
from tests.unit.domain.conftest import PAGE_TOKENS

DIM = 3
LIMITS = KnowledgeLimits(
    max_batch_chunks=4, max_batch_bytes=2_000, max_stream_chunks=6, max_stream_bytes=10_000
)


@pytest.fixture
def d(uow, clock) -> KnowledgeDeps:
    return KnowledgeDeps(
        uow, clock, Uuid7Generator(), PAGE_TOKENS, embedding_dim=DIM, limits=LIMITS
    )


@pytest.fixture
async def ws(world, alice):
    return await world.workspace(alice, "chunks")


@pytest.fixture
async def doc(d, alice, ws):
    return await CreateDocument(d).execute(alice.principal, NewDocument(ws.id, "Doc"))


def chunk(i: int, vec: list[float] | None = None, text: str = "") -> NewChunk:
    return NewChunk(i, text or f"chunk number {i}", vec or [1.0, float(i), 0.5])


async def _count(d, alice, ws, doc) -> int:
    return (await GetDocument(d).execute(alice.principal, ws.id, doc.id))[1]


def _fields(exc: pytest.ExceptionInfo[InvalidArgument]) -> list[str]:
    return [v.field for v in exc.value.violations]


async def test_upsert_replaces_the_chunks_and_repeating_it_changes_nothing(
    d, alice, ws, doc
) -> None:
    up = UpsertChunks(d)
    assert await up.execute(alice.principal, ws.id, doc.id, [chunk(0), chunk(1), chunk(2)]) == 3
    assert await up.execute(alice.principal, ws.id, doc.id, [chunk(0), chunk(1)]) == 2
    assert await up.execute(alice.principal, ws.id, doc.id, [chunk(0), chunk(1)]) == 2
    assert await _count(d, alice, ws, doc) == 2


async def test_bad_vectors_name_the_chunk_and_write_nothing(d, alice, ws, doc) -> None:
    up = UpsertChunks(d)
    await up.execute(alice.principal, ws.id, doc.id, [chunk(0)])
    bad = [chunk(0), chunk(1, [1.0, 2.0]), chunk(2, [float("inf"), 0, 0]), chunk(2)]
    with pytest.raises(InvalidArgument) as exc:
        await up.execute(alice.principal, ws.id, doc.id, bad)
    assert _fields(exc) == ["chunks[1].embedding", "chunks[2].embedding", "chunks[3].ordinal"]
    assert await _count(d, alice, ws, doc) == 1


async def test_oversize_batches_are_refused_naming_chunks(d, alice, ws, doc) -> None:
    up = UpsertChunks(d)
    with pytest.raises(InvalidArgument) as exc:
        await up.execute(alice.principal, ws.id, doc.id, [chunk(i) for i in range(5)])
    assert _fields(exc) == ["chunks"]
    with pytest.raises(InvalidArgument) as exc:
        await up.execute(alice.principal, ws.id, doc.id, [chunk(0, text="x" * 3_000)])
    assert _fields(exc) == ["chunks"]
    assert await _count(d, alice, ws, doc) == 0


async def _batches(*items: ChunkBatch) -> AsyncIterator[ChunkBatch]:
    for item in items:
        yield item


async def test_a_stream_is_written_whole_or_not_at_all(d, alice, ws, doc) -> None:
    stream = UpsertChunksStream(d)
    whole = _batches(
        ChunkBatch(ws.id, doc.id, [chunk(0), chunk(1)]),
        ChunkBatch("", "", [chunk(2), chunk(3)]),
        ChunkBatch(ws.id, doc.id, [chunk(4)]),
    )
    assert await stream.execute(alice.principal, whole) == (doc.id, 5)
    broken = _batches(
        ChunkBatch(ws.id, doc.id, [chunk(0), chunk(1)]),
        ChunkBatch("", "", [chunk(2), chunk(3, [0.0, 0.0, 0.0])]),
    )
    with pytest.raises(InvalidArgument) as exc:
        await stream.execute(alice.principal, broken)
    assert _fields(exc) == ["chunks[3].embedding"]
    too_many = _batches(*(ChunkBatch(ws.id, doc.id, [chunk(i)]) for i in range(7)))
    with pytest.raises(InvalidArgument):
        await stream.execute(alice.principal, too_many)
    assert await _count(d, alice, ws, doc) == 5


async def test_a_stream_that_stops_sending_fails_and_writes_nothing(d, alice, ws, doc) -> None:
    await UpsertChunks(d).execute(alice.principal, ws.id, doc.id, [chunk(0)])
    impatient = dataclasses.replace(
        d, limits=dataclasses.replace(LIMITS, max_stream_pause_seconds=0.05)
    )

    async def stalled() -> AsyncIterator[ChunkBatch]:
        yield ChunkBatch(ws.id, doc.id, [chunk(1), chunk(2)])
        await asyncio.sleep(1)
        yield ChunkBatch("", "", [chunk(3)])

    with pytest.raises(DeadlineExceeded):
        await UpsertChunksStream(impatient).execute(alice.principal, stalled())
    assert await _count(d, alice, ws, doc) == 1


async def test_viewers_cannot_write_chunks(d, world, alice, ws, doc) -> None:
    viewer = await world.member(ws, alice, "viewer", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        await UpsertChunks(d).execute(viewer.principal, ws.id, doc.id, [chunk(0)])


async def test_search_in_every_mode(d, alice, ws, doc) -> None:
    await UpsertChunks(d).execute(
        alice.principal,
        ws.id,
        doc.id,
        [
            chunk(0, [1.0, 0.0, 0.0], "postgres vector search"),
            chunk(1, [0.9, 0.1, 0.0], "cooking pasta"),
            chunk(2, [0.0, 1.0, 0.0], "vector databases compared"),
        ],
    )
    search = SearchChunks(d)
    vec = await search.execute(alice.principal, SearchQuery(ws.id, embedding=[1.0, 0.0, 0.0]))
    assert vec.mode == SearchMode.VECTOR
    assert [h.chunk.ordinal for h in vec.hits] == [0, 1, 2]
    assert [h.rank for h in vec.hits] == [1, 2, 3] and vec.hits[0].score == pytest.approx(1.0)
    text = await search.execute(alice.principal, SearchQuery(ws.id, text="vector"))
    assert text.mode == SearchMode.FULLTEXT
    assert {h.chunk.ordinal for h in text.hits} == {0, 2}
    both = await search.execute(
        alice.principal, SearchQuery(ws.id, embedding=[1.0, 0.0, 0.0], text="vector", top_k=2)
    )
    assert both.mode == SearchMode.HYBRID and both.hits[0].chunk.ordinal == 0
    assert len(both.hits) == 2 and both.hits[0].document_title == "Doc"


async def test_search_rejects_bad_parameters_together(d, alice, ws) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await SearchChunks(d).execute(
            alice.principal,
            SearchQuery(
                ws.id,
                embedding=[1.0],
                mode=SearchMode.HYBRID,
                top_k=1001,
                ef_search=1001,
                vector_weight=-1,
            ),
        )
    assert set(_fields(exc)) == {
        "top_k",
        "query_embedding",
        "query_text",
        "ef_search",
        "vector_weight",
    }
