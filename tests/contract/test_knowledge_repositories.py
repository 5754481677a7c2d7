"""Knowledge repositories: one contract, run against the memory and PostgreSQL adapters."""

from __future__ import annotations

import math
import random
from array import array
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.postgres.knowledge.tables import EMBEDDING_DIM
from domain.kernel.errors import Aborted, AlreadyExists, InvalidArgument, NotFound
from domain.knowledge.model import Chunk, Document, EvaluationRun
from domain.knowledge.search import ChunkFilter
from domain.knowledge.text_query import TextQuery
from domain.knowledge.values import DocumentKind, DocumentStatus
from ports.knowledge import DocumentFilter, EvaluationFilter
from ports.uow import UnitOfWorkFactory
from tests.contract.text_reference import bm25
from tests.contract.text_reference import ranked as text_ranked

D = EMBEDDING_DIM


def f32(values: list[float]) -> list[float]:
    return array("f", values).tolist()


def random_vector(rng: random.Random) -> list[float]:
    return f32([rng.gauss(0.0, 1.0) for _ in range(D)])


def near(q: list[float], spread: float, rng: random.Random) -> list[float]:
    return f32([x + spread * rng.gauss(0.0, 1.0) for x in q])


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def brute_force(q: list[float], chunks: list[Chunk], limit: int) -> list[str]:
    scored = sorted((-cosine(q, c.embedding or []), c.id) for c in chunks)
    return [cid for _, cid in scored[:limit]]


class Kit:
    """Builders for knowledge entities on top of the identity builders."""

    def __init__(self, make: Any) -> None:
        self.make = make
        self.user = make.user()
        self.ws = make.workspace()
        self.other_ws = make.workspace()
        self._n = 0

    def document(self, ws: Any = None, **kw: Any) -> Document:
        self._n += 1
        fields: dict[str, Any] = {
            "id": self.make.id(),
            "workspace_id": (ws or self.ws).id,
            "owner_id": self.user.id,
            "title": f"Document {self._n}",
            "kind": DocumentKind.DOCUMENT,
            "storage_key": f"docs/{self._n}-{self.make.id()}",
            "created_at": self.make.t0,
            "updated_at": self.make.t0,
        }
        return Document(**(fields | kw))

    def chunk(self, doc: Document, ordinal: int, content: str = "", **kw: Any) -> Chunk:
        fields: dict[str, Any] = {
            "id": self.make.id(),
            "document_id": doc.id,
            "workspace_id": doc.workspace_id,
            "ordinal": ordinal,
            "content": content or f"chunk {ordinal}",
            "embedding": None,
            "created_at": self.make.t0,
        }
        return Chunk(**(fields | kw))

    def run(self, **kw: Any) -> EvaluationRun:
        fields: dict[str, Any] = {
            "id": self.make.id(),
            "workspace_id": self.ws.id,
            "user_id": self.user.id,
            "query": "what is strata?",
            "response": "a service",
            "created_at": self.make.t0,
        }
        return EvaluationRun(**(fields | kw))


@pytest.fixture
async def kit(make: Any, seed: Any) -> Kit:
    k = Kit(make)
    await seed(k.user, k.ws, k.other_ws)
    return k


async def add_documents(uow_factory: UnitOfWorkFactory, *docs: Document) -> None:
    async with uow_factory() as uow:
        for doc in docs:
            await uow.documents.add(doc)
        await uow.commit()


async def add_chunks(uow_factory: UnitOfWorkFactory, doc: Document, chunks: list[Chunk]) -> None:
    async with uow_factory() as uow:
        await uow.chunks.replace(doc.workspace_id, doc.id, chunks)
        await uow.commit()


class TestDocuments:
    async def test_added_document_reads_back_field_for_field(self, uow_factory, kit):
        doc = kit.document(
            source_url="https://Example.com/a/?utm_source=x",
            canonical_url="https://example.com/a",
            mime_type="text/markdown",
            size_bytes=12345,
            content_hash="sha256:abc",
            status=DocumentStatus.FAILED,
            error_message="parse error",
            metadata={"team": "ml", "tags": ["a", "b"], "n": 1},
            embedding=random_vector(random.Random(1)),
        )
        await add_documents(uow_factory, doc)
        async with uow_factory(read_only=True) as uow:
            assert await uow.documents.get(kit.ws.id, doc.id) == doc
            assert await uow.documents.get(kit.other_ws.id, doc.id) is None
            assert await uow.documents.get(kit.ws.id, "not-a-uuid") is None

    async def test_storage_key_is_unique(self, uow_factory, kit):
        await add_documents(uow_factory, kit.document(storage_key="k/1"))
        async with uow_factory() as uow:
            with pytest.raises(AlreadyExists) as info:
                await uow.documents.add(kit.document(ws=kit.other_ws, storage_key="k/1"))
        assert info.value.field == "storage_key"

    async def test_unknown_workspace_or_owner_is_not_found(self, uow_factory, kit):
        async with uow_factory() as uow:
            with pytest.raises(NotFound):
                await uow.documents.add(kit.document(owner_id=kit.make.id()))

    async def test_update_needs_the_current_version(self, uow_factory, kit):
        doc = kit.document()
        await add_documents(uow_factory, doc)
        doc.title, doc.metadata = "Renamed", {"x": {"y": 2}}
        doc.move_to(DocumentStatus.PROCESSING, None, kit.make.t0 + kit.make.hour)
        async with uow_factory() as uow:
            await uow.documents.update(doc, expected_version=1)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.documents.get(kit.ws.id, doc.id) == doc
            with pytest.raises(Aborted):
                await uow.documents.update(replace(doc, title="stale"), expected_version=1)

    async def test_delete_removes_the_document_and_its_chunks(self, uow_factory, kit):
        doc = kit.document()
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, [kit.chunk(doc, i) for i in range(3)])
        async with uow_factory() as uow:
            assert not await uow.documents.delete(kit.other_ws.id, doc.id)
            assert await uow.documents.delete(kit.ws.id, doc.id)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.documents.get(kit.ws.id, doc.id) is None
            assert await uow.chunks.count(kit.ws.id, doc.id) == 0
            assert not await uow.documents.delete(kit.ws.id, doc.id)

    async def test_find_filters_newest_first_with_keyset(self, uow_factory, kit):
        t0, hour = kit.make.t0, kit.make.hour
        docs = [
            kit.document(
                kind=DocumentKind.DATASET if i % 2 else DocumentKind.DOCUMENT,
                status=DocumentStatus.COMPLETED if i < 3 else DocumentStatus.PENDING,
                metadata={"team": "ml" if i % 3 == 0 else "web", "i": i},
                created_at=t0 + i * hour,
            )
            for i in range(6)
        ]
        await add_documents(uow_factory, *docs, kit.document(ws=kit.other_ws))
        newest_first = [d.id for d in reversed(docs)]
        async with uow_factory(read_only=True) as uow:
            find = uow.documents.find
            assert [d.id for d in await find(DocumentFilter(kit.ws.id), None, 10)] == newest_first
            page = await find(DocumentFilter(kit.ws.id), None, 4)
            rest = await find(DocumentFilter(kit.ws.id), (page[-1].id,), 4)
            assert [d.id for d in page + rest] == newest_first
            kinds = DocumentFilter(kit.ws.id, kinds=(DocumentKind.DATASET,))
            assert [d.id for d in await find(kinds, None, 10)] == newest_first[0::2]
            done = DocumentFilter(kit.ws.id, statuses=(DocumentStatus.COMPLETED,))
            assert {d.id for d in await find(done, None, 10)} == {d.id for d in docs[:3]}
            ml = DocumentFilter(kit.ws.id, metadata={"team": "ml"})
            assert {d.id for d in await find(ml, None, 10)} == {docs[0].id, docs[3].id}
            window = DocumentFilter(kit.ws.id, created_after=t0, created_before=t0 + 3 * hour)
            assert {d.id for d in await find(window, None, 10)} == {docs[1].id, docs[2].id}

    async def test_by_url_and_similar_stay_in_the_workspace(self, uow_factory, kit):
        rng = random.Random(7)
        q = random_vector(rng)
        close, far = near(q, 0.2, rng), random_vector(rng)
        url = "https://example.com/a"
        mine = kit.document(canonical_url=url, embedding=close)
        other = kit.document(ws=kit.other_ws, canonical_url=url, embedding=q)
        await add_documents(uow_factory, mine, kit.document(embedding=far), other)
        async with uow_factory() as uow:
            await uow.documents.lock_url(kit.ws.id, url)
            assert await uow.documents.by_url(kit.ws.id, url) == mine
            assert await uow.documents.by_url(kit.ws.id, url + "/b") is None
            similar = await uow.documents.similar(kit.ws.id, q, 0.9, 10)
        assert [s.document.id for s in similar] == [mine.id]
        assert similar[0].similarity == pytest.approx(cosine(q, close), abs=1e-5)


class TestChunks:
    async def test_replace_swaps_all_chunks_of_a_document(self, uow_factory, kit):
        doc = kit.document()
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, [kit.chunk(doc, i, "old words") for i in range(5)])
        fresh = [kit.chunk(doc, i, f"new words {i}") for i in range(3)]
        await add_chunks(uow_factory, doc, fresh)
        await add_chunks(uow_factory, doc, fresh)  # a retried ingest changes nothing
        async with uow_factory(read_only=True) as uow:
            assert await uow.chunks.count(kit.ws.id, doc.id) == 3
            assert await uow.chunks.count(kit.other_ws.id, doc.id) == 0
            assert (
                await uow.chunks.text_search(ChunkFilter(kit.ws.id), TextQuery.parse("old"), 10)
                == []
            )
            hits = await uow.chunks.text_search(ChunkFilter(kit.ws.id), TextQuery.parse("new"), 10)
        assert sorted(h.chunk.id for h in hits) == sorted(c.id for c in fresh)

    async def test_replace_needs_the_document_in_that_workspace(self, uow_factory, kit):
        doc = kit.document()
        await add_documents(uow_factory, doc)
        async with uow_factory() as uow:
            with pytest.raises(NotFound):
                await uow.chunks.replace(kit.other_ws.id, doc.id, [kit.chunk(doc, 0)])

    async def test_vector_search_is_in_exact_similarity_order(self, uow_factory, kit):
        rng = random.Random(11)
        q = random_vector(rng)
        doc = kit.document()
        graded = [near(q, 0.3 + 0.05 * i, rng) for i in range(20)]
        vectors = graded + [random_vector(rng) for _ in range(180)]
        chunks = [kit.chunk(doc, i, embedding=v) for i, v in enumerate(vectors)]
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, chunks)
        async with uow_factory(read_only=True) as uow:
            search = uow.chunks.vector_search
            hits = await search(ChunkFilter(kit.ws.id), q, 15, None, None, with_embeddings=True)
        assert [h.chunk.id for h in hits] == brute_force(q, chunks, 15)
        assert [h.rank for h in hits] == list(range(1, 16))
        by_id = {c.id: c for c in chunks}
        for h in hits:
            assert h.score == pytest.approx(cosine(q, by_id[h.chunk.id].embedding), abs=1e-5)
            assert h.chunk == by_id[h.chunk.id] and h.document_title == doc.title

    async def test_hits_carry_embeddings_only_when_asked(self, uow_factory, kit):
        rng = random.Random(14)
        q = random_vector(rng)
        doc = kit.document()
        chunks = [kit.chunk(doc, i, f"word {i}", embedding=near(q, 0.5, rng)) for i in range(4)]
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, chunks)
        by_id, filt = {c.id: c for c in chunks}, ChunkFilter(kit.ws.id)
        async with uow_factory(read_only=True) as uow:
            for with_embeddings in (False, True):
                vector = await uow.chunks.vector_search(filt, q, 10, None, None, with_embeddings)
                text = await uow.chunks.text_search(
                    filt, TextQuery.parse("word"), 10, with_embeddings
                )
                assert len(vector) == len(text) == 4
                for h in vector + text:
                    stored = by_id[h.chunk.id]
                    if with_embeddings:
                        assert h.chunk == stored
                    else:
                        assert h.chunk.embedding is None
                        assert replace(h.chunk, embedding=stored.embedding) == stored

    @pytest.mark.parametrize("ef_search", [None, 1, 40, 100, 1000])
    async def test_vector_search_at_any_ef_search_in_a_reading_unit_of_work(
        self, uow_factory, kit, ef_search
    ):
        rng = random.Random(15)
        q = random_vector(rng)
        doc = kit.document()
        chunks = [kit.chunk(doc, i, embedding=near(q, 0.4 + i * 0.1, rng)) for i in range(8)]
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, chunks)
        async with uow_factory(read_only=True) as uow:
            hits = await uow.chunks.vector_search(ChunkFilter(kit.ws.id), q, 5, None, ef_search)
        assert [h.chunk.id for h in hits] == brute_force(q, chunks, 5)

    async def test_vector_search_in_a_writing_unit_of_work(self, uow_factory, kit):
        rng = random.Random(12)
        q = random_vector(rng)
        doc = kit.document()
        chunks = [kit.chunk(doc, i, embedding=near(q, 0.5 + i * 0.1, rng)) for i in range(5)]
        async with uow_factory() as uow:
            await uow.documents.add(doc)
            await uow.chunks.replace(kit.ws.id, doc.id, chunks)
            hits = await uow.chunks.vector_search(ChunkFilter(kit.ws.id), q, 3, None, 40)
        assert [h.chunk.id for h in hits] == brute_force(q, chunks, 3)

    async def test_a_workspace_never_sees_another_workspaces_chunks(self, uow_factory, kit):
        rng = random.Random(13)
        q = random_vector(rng)
        mine, theirs = kit.document(), kit.document(ws=kit.other_ws)
        await add_documents(uow_factory, mine, theirs)
        await add_chunks(uow_factory, mine, [kit.chunk(mine, 0, "shared words", embedding=q)])
        await add_chunks(uow_factory, theirs, [kit.chunk(theirs, 0, "shared words", embedding=q)])
        async with uow_factory(read_only=True) as uow:
            vector = await uow.chunks.vector_search(ChunkFilter(kit.ws.id), q, 10, None, None)
            text = await uow.chunks.text_search(
                ChunkFilter(kit.ws.id), TextQuery.parse("shared"), 10
            )
        assert [h.chunk.document_id for h in vector] == [mine.id]
        assert [h.chunk.document_id for h in text] == [mine.id]

    async def test_filtered_search_returns_the_full_limit(self, uow_factory, kit):
        """A 1 % filter in a big workspace and a small workspace beside it: both fill `limit`."""
        rng = random.Random(17)
        q = random_vector(rng)
        big, small = kit.document(), kit.document(ws=kit.other_ws)
        big_chunks = [
            kit.chunk(
                big,
                i,
                embedding=random_vector(rng) if i % 100 == 0 else near(q, 1.0, rng),
                metadata={"tag": "rare" if i % 100 == 0 else "common"},
            )
            for i in range(2000)
        ]
        small_chunks = [kit.chunk(small, i, embedding=random_vector(rng)) for i in range(30)]
        await add_documents(uow_factory, big, small)
        await add_chunks(uow_factory, big, big_chunks)
        await add_chunks(uow_factory, small, small_chunks)
        rare = [c for c in big_chunks if c.metadata["tag"] == "rare"]
        async with uow_factory(read_only=True) as uow:
            search = uow.chunks.vector_search
            filt = ChunkFilter(kit.ws.id, chunk_metadata={"tag": "rare"})
            rare_hits = await search(filt, q, 10, None, None)
            small_hits = await search(ChunkFilter(kit.other_ws.id), q, 10, None, None)
        for hits, pool in ((rare_hits, rare), (small_hits, small_chunks)):
            assert len(hits) == 10
            scores = [h.score for h in hits]
            assert scores == sorted(scores, reverse=True)
            assert {h.chunk.id for h in hits} <= {c.id for c in pool}
            assert len({h.chunk.id for h in hits} & set(brute_force(q, pool, 10))) >= 9

    async def test_search_filters_by_document(self, uow_factory, kit):
        rng = random.Random(19)
        q = random_vector(rng)
        a = kit.document(kind=DocumentKind.MODEL, metadata={"lang": "en"})
        b = kit.document(status=DocumentStatus.COMPLETED)
        await add_documents(uow_factory, a, b)
        await add_chunks(uow_factory, a, [kit.chunk(a, 0, "alpha", embedding=near(q, 1, rng))])
        await add_chunks(uow_factory, b, [kit.chunk(b, 0, "alpha", embedding=near(q, 1, rng))])
        ws = kit.ws.id
        filters = {
            a.id: [
                ChunkFilter(ws, document_ids=(a.id,)),
                ChunkFilter(ws, document_kinds=(DocumentKind.MODEL,)),
                ChunkFilter(ws, document_metadata={"lang": "en"}),
            ],
            b.id: [ChunkFilter(ws, document_statuses=(DocumentStatus.COMPLETED,))],
        }
        async with uow_factory(read_only=True) as uow:
            for doc_id, filts in filters.items():
                for filt in filts:
                    hits = await uow.chunks.vector_search(filt, q, 10, None, None)
                    assert [h.chunk.document_id for h in hits] == [doc_id], filt
                    hits = await uow.chunks.text_search(filt, TextQuery.parse("alpha"), 10)
                    assert [h.chunk.document_id for h in hits] == [doc_id], filt
            assert await uow.chunks.vector_search(ChunkFilter("nope"), q, 10, None, None) == []

    async def test_min_similarity_drops_the_far_chunks(self, uow_factory, kit):
        rng = random.Random(23)
        q = random_vector(rng)
        doc = kit.document()
        chunks = [kit.chunk(doc, i, embedding=near(q, 0.2 + 0.4 * i, rng)) for i in range(6)]
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, chunks)
        floor = 0.6
        expected = [c.id for c in chunks if cosine(q, c.embedding or []) >= floor]
        assert 0 < len(expected) < len(chunks)
        async with uow_factory(read_only=True) as uow:
            hits = await uow.chunks.vector_search(ChunkFilter(kit.ws.id), q, 10, floor, None)
        assert [h.chunk.id for h in hits] == brute_force(q, chunks, len(expected))

    async def test_wrong_dimensions_are_invalid(self, uow_factory, kit):
        doc = kit.document()
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, [kit.chunk(doc, 0, embedding=[1.0] * D)])
        async with uow_factory() as uow:
            with pytest.raises(InvalidArgument):
                await uow.chunks.vector_search(ChunkFilter(kit.ws.id), [1.0, 2.0], 5, None, None)

    async def test_text_search_ranks_by_bm25_and_matches_any_word(self, uow_factory, kit):
        sentences = [
            "Vector search finds similar chunks",
            "Full text search ranks documents by cover density",
            "Search, search and search again",
            "Nothing relevant here",
            "The vector index answers a search",
            "vector search and more vector search",
        ]
        doc = kit.document()
        chunks = [kit.chunk(doc, i, s) for i, s in enumerate(sentences)]
        await add_documents(uow_factory, doc)
        await add_chunks(uow_factory, doc, chunks)
        c = [ch.id for ch in chunks]
        async with uow_factory(read_only=True) as uow:

            async def ranked(query: str) -> list[tuple[str, float]]:
                hits = await uow.chunks.text_search(
                    ChunkFilter(kit.ws.id), TextQuery.parse(query), 10
                )
                assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
                return [(h.chunk.id, round(h.score, 6)) for h in hits]

            def reference(query: str) -> list[tuple[str, float]]:
                scores = bm25(dict(zip(c, sentences, strict=True)), query)
                return [(k, round(v, 6)) for k, v in text_ranked(scores)]

            assert await ranked("vector search") == reference("vector search")
            assert len(await ranked("searches")) == 5
            assert await ranked("searches") == reference("searches")
            assert [i for i, _ in await ranked("search -vector")] == [c[2], c[1]]
            assert await ranked("unrelated") == []


class TestEvaluations:
    async def test_runs_read_back_and_take_feedback(self, uow_factory, kit):
        run = kit.run(
            sources=[{"chunk_id": "c1", "score": 0.5}],
            latency_ms=120,
            token_count=300,
            quality_score=0.75,
            metadata={"model": "x"},
        )
        async with uow_factory() as uow:
            await uow.evaluations.add(run)
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.evaluations.get(kit.ws.id, run.id) == run
            assert await uow.evaluations.get(kit.other_ws.id, run.id) is None
            assert await uow.evaluations.set_feedback(kit.ws.id, run.id, "thumbs_up")
            assert not await uow.evaluations.set_feedback(kit.other_ws.id, run.id, "thumbs_up")
            with pytest.raises(InvalidArgument) as info:
                await uow.evaluations.set_feedback(kit.ws.id, run.id, "meh")
            assert info.value.violations[0].field == "feedback"
            await uow.commit()
        async with uow_factory() as uow:
            assert await uow.evaluations.get(kit.ws.id, run.id) == replace(
                run, feedback="thumbs_up"
            )
            with pytest.raises(InvalidArgument) as info:
                await uow.evaluations.add(kit.run(quality_score=1.5))
            assert info.value.violations[0].field == "quality_score"

    async def test_find_and_daily_stats(self, uow_factory, kit, make, seed):
        other_user = make.user()
        await seed(other_user)
        day1 = datetime(2025, 3, 1, 10, tzinfo=UTC)
        day2 = datetime(2025, 3, 2, 23, 30, tzinfo=UTC)
        runs = [
            kit.run(created_at=day1, latency_ms=100, quality_score=0.5, feedback="thumbs_up"),
            kit.run(created_at=day1 + timedelta(hours=1), latency_ms=200, quality_score=1.0),
            kit.run(created_at=day1 + timedelta(hours=2), latency_ms=600, feedback="thumbs_down"),
            kit.run(created_at=day2, latency_ms=50, user_id=other_user.id),
            kit.run(workspace_id=kit.other_ws.id, created_at=day1),
        ]
        async with uow_factory() as uow:
            for r in runs:
                await uow.evaluations.add(r)
            await uow.commit()
        mine = [r.id for r in reversed(runs[:4])]
        async with uow_factory(read_only=True) as uow:
            find, stats = uow.evaluations.find, uow.evaluations.daily_stats
            assert [r.id for r in await find(EvaluationFilter(kit.ws.id), None, 10)] == mine
            page = await find(EvaluationFilter(kit.ws.id), None, 3)
            assert [r.id for r in await find(EvaluationFilter(kit.ws.id), (page[-1].id,), 3)] == [
                runs[0].id
            ]
            by_user = EvaluationFilter(kit.ws.id, user_id=other_user.id)
            assert [r.id for r in await find(by_user, None, 10)] == [runs[3].id]
            down = EvaluationFilter(kit.ws.id, feedback="thumbs_down")
            assert [r.id for r in await find(down, None, 10)] == [runs[2].id]
            window = EvaluationFilter(kit.ws.id, start=day1 + timedelta(hours=1), end=day2)
            assert [r.id for r in await find(window, None, 10)] == [runs[2].id, runs[1].id]
            days = await stats(EvaluationFilter(kit.ws.id))
        assert [d.day for d in days] == [
            datetime(2025, 3, 1, tzinfo=UTC),
            datetime(2025, 3, 2, tzinfo=UTC),
        ]
        first, second = days
        assert (first.count, first.thumbs_up, first.thumbs_down) == (3, 1, 1)
        assert first.mean_latency_ms == pytest.approx(300.0)
        assert first.p50_latency_ms == pytest.approx(200.0)
        assert first.p95_latency_ms == pytest.approx(560.0)
        assert first.mean_quality == pytest.approx(0.75)
        assert (second.count, second.mean_quality, second.p95_latency_ms) == (1, None, 50.0)


async def test_deleting_a_workspace_removes_its_knowledge(
    uow_factory: UnitOfWorkFactory, kit: Kit
) -> None:
    doc = kit.document()
    await add_documents(uow_factory, doc)
    await add_chunks(
        uow_factory, doc, [kit.chunk(doc, 0, embedding=random_vector(random.Random(1)))]
    )
    async with uow_factory() as uow:
        await uow.evaluations.add(kit.run())
        await uow.workspaces.delete(kit.ws.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.documents.get(kit.ws.id, doc.id) is None
        assert await uow.chunks.count(kit.ws.id, doc.id) == 0
        found = await uow.evaluations.find(EvaluationFilter(kit.ws.id), None, 10)
        assert found == []
