"""KnowledgeService through real stubs on both storages: documents, chunks, search, evals."""

from __future__ import annotations

import asyncio
import math
import random
import struct
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2, struct_pb2

from strata.v1 import common_pb2, knowledge_pb2_grpc
from strata.v1 import knowledge_pb2 as pb
from tests.e2e.harness import Caller, Harness, violations

pytestmark = [pytest.mark.e2e]
DIM = 1536
OK = grpc.StatusCode.OK


def f32(values: list[float]) -> list[float]:
    """What the wire carries: protobuf `float` is 32-bit."""
    return list(struct.unpack(f"{len(values)}f", struct.pack(f"{len(values)}f", *values)))


def cosine(a: list[float], b: list[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def rand_vec(rng: random.Random) -> list[float]:
    return f32([rng.gauss(0, 1) for _ in range(DIM)])


def near(base: list[float], rng: random.Random, noise: float) -> list[float]:
    return f32([x + rng.gauss(0, noise) for x in base])


def meta(**values: Any) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(values)
    return out


async def code(call: Awaitable[Any]) -> grpc.StatusCode:
    try:
        await call
    except grpc.aio.AioRpcError as err:
        return err.code()
    return OK


async def failure(call: Awaitable[Any]) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value


@dataclass
class K:
    h: Harness
    stub: knowledge_pb2_grpc.KnowledgeServiceStub
    owner: Caller
    ws: str

    async def doc(self, caller: Caller | None = None, ws: str = "", **fields: Any) -> pb.Document:
        fields.setdefault("title", "Doc")
        r = await self.stub.CreateDocument(
            pb.CreateDocumentRequest(workspace_id=ws or self.ws, **fields),
            metadata=(caller or self.owner).md,
        )
        return r.document

    async def upsert(self, doc: pb.Document, chunks: list[pb.Chunk]) -> int:
        r = await self.stub.UpsertChunks(
            pb.UpsertChunksRequest(
                workspace_id=doc.workspace_id, document_id=doc.id, chunks=chunks
            ),
            metadata=self.owner.md,
        )
        return int(r.chunk_count)

    async def count(self, doc: pb.Document) -> int:
        r = await self.stub.GetDocument(
            pb.GetDocumentRequest(workspace_id=doc.workspace_id, id=doc.id), metadata=self.owner.md
        )
        return int(r.chunk_count)

    async def search(self, **fields: Any) -> pb.SearchChunksResponse:
        fields.setdefault("workspace_id", self.ws)
        return await self.stub.SearchChunks(
            pb.SearchChunksRequest(**fields), metadata=self.owner.md
        )


@pytest.fixture
async def k(harness: Harness) -> K:
    owner = await harness.new_user("kn")
    ws = await harness.new_workspace(owner, "kn")
    return K(harness, knowledge_pb2_grpc.KnowledgeServiceStub(harness.channel), owner, ws)


def chunk(i: int, vec: list[float], text: str = "") -> pb.Chunk:
    return pb.Chunk(ordinal=i, content=text or f"chunk {i}", embedding=vec, token_count=3)


async def test_document_lifecycle(k: K) -> None:
    doc = await k.doc(
        title="Guide",
        kind=pb.DOCUMENT_KIND_DATASET,
        source_url="https://example.com/guide",
        metadata=meta(team="a", tags={"x": 1}),
    )
    assert doc.status == pb.DOCUMENT_STATUS_PENDING and doc.storage_key and doc.etag
    other = await k.doc(title="Other")
    listed = await k.stub.ListDocuments(
        pb.ListDocumentsRequest(workspace_id=k.ws, page_size=1), metadata=k.owner.md
    )
    assert [d.id for d in listed.documents] == [other.id] and listed.next_page_token
    filtered = await k.stub.ListDocuments(
        pb.ListDocumentsRequest(
            workspace_id=k.ws, kinds=[pb.DOCUMENT_KIND_DATASET], metadata=meta(team="a")
        ),
        metadata=k.owner.md,
    )
    assert [d.id for d in filtered.documents] == [doc.id]
    updated = await k.stub.UpdateDocument(
        pb.UpdateDocumentRequest(
            document=pb.Document(
                workspace_id=k.ws,
                id=doc.id,
                title="Guide 2",
                metadata=meta(team=None),
                etag=doc.etag,
            ),
            update_mask=field_mask_pb2.FieldMask(paths=["title", "metadata"]),
        ),
        metadata=k.owner.md,
    )
    assert updated.document.title == "Guide 2"
    assert dict(updated.document.metadata) == {"tags": {"x": 1.0}}
    stale = pb.UpdateDocumentRequest(
        document=pb.Document(workspace_id=k.ws, id=doc.id, title="x", etag=doc.etag),
        update_mask=field_mask_pb2.FieldMask(paths=["title"]),
    )
    assert await code(k.stub.UpdateDocument(stale, metadata=k.owner.md)) == grpc.StatusCode.ABORTED

    def move(status: int, error: str = "") -> Any:
        return k.stub.SetDocumentStatus(
            pb.SetDocumentStatusRequest(
                workspace_id=k.ws, id=doc.id, status=status, error_message=error
            ),
            metadata=k.owner.md,
        )

    assert await code(move(pb.DOCUMENT_STATUS_COMPLETED)) == grpc.StatusCode.FAILED_PRECONDITION
    await move(pb.DOCUMENT_STATUS_PROCESSING)
    failed = await move(pb.DOCUMENT_STATUS_FAILED, "parser crashed")
    assert failed.document.error_message == "parser crashed"
    await move(pb.DOCUMENT_STATUS_PROCESSING)
    done = await move(pb.DOCUMENT_STATUS_COMPLETED)
    assert done.document.status == pb.DOCUMENT_STATUS_COMPLETED and not done.document.error_message
    rng = random.Random(1)
    await k.upsert(doc, [chunk(0, rand_vec(rng))])
    await k.stub.DeleteDocument(
        pb.DeleteDocumentRequest(workspace_id=k.ws, id=doc.id), metadata=k.owner.md
    )
    got = k.stub.GetDocument(
        pb.GetDocumentRequest(workspace_id=k.ws, id=doc.id), metadata=k.owner.md
    )
    assert await code(got) == grpc.StatusCode.NOT_FOUND
    hits = await k.search(query_embedding=rand_vec(rng), top_k=5)
    assert not hits.results


async def test_chunks_unary_and_streamed_replace_the_documents_chunks(k: K) -> None:
    rng = random.Random(2)
    doc = await k.doc()
    assert await k.upsert(doc, [chunk(i, rand_vec(rng)) for i in range(3)]) == 3
    assert await k.upsert(doc, [chunk(i, rand_vec(rng)) for i in range(2)]) == 2

    async def messages() -> AsyncIterator[pb.UpsertChunksStreamRequest]:
        yield pb.UpsertChunksStreamRequest(workspace_id=k.ws, document_id=doc.id)
        for start in range(0, 1200, 400):
            yield pb.UpsertChunksStreamRequest(
                chunks=[chunk(i, rand_vec(rng)) for i in range(start, start + 400)]
            )

    r = await k.stub.UpsertChunksStream(messages(), metadata=k.owner.md)
    assert (r.document_id, r.chunk_count) == (doc.id, 1200)
    assert await k.count(doc) == 1200


async def test_bad_vectors_and_oversize_batches_write_nothing(k: K) -> None:
    rng = random.Random(3)
    doc = await k.doc()
    await k.upsert(doc, [chunk(0, rand_vec(rng))])
    bad = [chunk(i, rand_vec(rng)) for i in range(5)]
    bad[3].embedding[7] = float("nan")
    bad[4] = chunk(4, rand_vec(rng)[:100])
    err = await failure(k.upsert(doc, bad))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(err)) == {"chunks[3].embedding", "chunks[4].embedding"}
    base = rand_vec(rng)
    err = await failure(k.upsert(doc, [chunk(i, base) for i in range(1001)]))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and "chunks" in violations(err)

    async def broken() -> AsyncIterator[pb.UpsertChunksStreamRequest]:
        yield pb.UpsertChunksStreamRequest(
            workspace_id=k.ws, document_id=doc.id, chunks=[chunk(i, base) for i in range(10)]
        )
        yield pb.UpsertChunksStreamRequest(chunks=[chunk(10, [math.inf] * DIM)])

    err = await failure(k.stub.UpsertChunksStream(broken(), metadata=k.owner.md))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert set(violations(err)) == {"chunks[10].embedding"}
    assert await k.count(doc) == 1


WORDS = ["river", "mountain", "forest", "desert", "ocean", "valley", "glacier", "meadow"]


async def _corpus(k: K, rng: random.Random, n: int = 60) -> tuple[pb.Document, list[list[float]]]:
    doc = await k.doc(title="Corpus")
    vecs = [rand_vec(rng) for _ in range(n)]
    texts = [
        " ".join(rng.choice(WORDS) for _ in range(6)) + (" falcon" if i % 7 == 0 else "")
        for i in range(n)
    ]
    await k.upsert(doc, [chunk(i, v, t) for i, (v, t) in enumerate(zip(vecs, texts, strict=True))])
    return doc, vecs


async def test_vector_search_ranks_like_brute_force_cosine(k: K) -> None:
    rng = random.Random(4)
    _, vecs = await _corpus(k, rng)
    query = near(vecs[5], rng, 1.0)
    expected = sorted(range(len(vecs)), key=lambda i: -cosine(query, vecs[i]))[:10]
    r = await k.search(query_embedding=query, top_k=10, mode=pb.SEARCH_MODE_VECTOR)
    assert r.mode == pb.SEARCH_MODE_VECTOR
    assert [h.chunk.ordinal for h in r.results] == expected
    assert [h.rank for h in r.results] == list(range(1, 11))
    for h in r.results:
        assert h.score == pytest.approx(cosine(query, vecs[h.chunk.ordinal]), abs=1e-4)
        assert not h.chunk.embedding and h.document_title == "Corpus"
    floor = cosine(query, vecs[expected[2]])
    r = await k.search(query_embedding=query, top_k=10, min_similarity=floor - 1e-6, ef_search=200)
    assert [h.chunk.ordinal for h in r.results] == expected[:3]
    with_vectors = await k.search(query_embedding=query, top_k=1, include_embeddings=True)
    assert len(with_vectors.results[0].chunk.embedding) == DIM


async def test_fulltext_and_hybrid_search(k: K) -> None:
    rng = random.Random(5)
    _, vecs = await _corpus(k, rng)
    text = await k.search(query_text="falcon", top_k=50)
    assert text.mode == pb.SEARCH_MODE_FULLTEXT
    assert {h.chunk.ordinal for h in text.results} == {i for i in range(60) if i % 7 == 0}
    query = near(vecs[14], rng, 0.5)
    top_k, rrf = 5, 60
    fetch = max(top_k * 2, 20)
    vec_list = await k.search(query_embedding=query, top_k=fetch, mode=pb.SEARCH_MODE_VECTOR)
    txt_list = await k.search(query_text="falcon", top_k=fetch, mode=pb.SEARCH_MODE_FULLTEXT)
    scores: dict[str, float] = {}
    for results, weight in ((vec_list.results, 1.0), (txt_list.results, 2.0)):
        for pos, hit in enumerate(results, start=1):
            scores[hit.chunk.id] = scores.get(hit.chunk.id, 0.0) + weight / (rrf + pos)
    expected = sorted(scores, key=lambda cid: (-scores[cid], cid))[:top_k]
    hybrid = await k.search(
        query_embedding=query,
        query_text="falcon",
        top_k=top_k,
        text_weight=2.0,
        candidates=fetch,
        rrf_k=rrf,
    )
    assert hybrid.mode == pb.SEARCH_MODE_HYBRID
    assert [h.chunk.id for h in hybrid.results] == expected
    assert hybrid.results[0].chunk.ordinal == 14
    assert [h.score for h in hybrid.results] == pytest.approx([scores[c] for c in expected])


async def test_search_stays_within_the_callers_workspace(k: K) -> None:
    rng = random.Random(6)
    vec = rand_vec(rng)
    mine = await k.doc(title="Mine")
    await k.upsert(mine, [chunk(0, vec, "shared words")])
    stranger = await k.h.new_user("kn-other")
    other_ws = await k.h.new_workspace(stranger, "kn-other")
    theirs = await k.doc(stranger, other_ws, title="Theirs")
    await k.stub.UpsertChunks(
        pb.UpsertChunksRequest(
            workspace_id=other_ws, document_id=theirs.id, chunks=[chunk(0, vec, "shared words")]
        ),
        metadata=stranger.md,
    )
    r = await k.search(query_embedding=vec, query_text="shared", top_k=10)
    assert [h.chunk.document_id for h in r.results] == [mine.id]
    assert r.results[0].chunk.id
    spy = k.stub.SearchChunks(
        pb.SearchChunksRequest(workspace_id=k.ws, query_embedding=vec), metadata=stranger.md
    )
    assert await code(spy) == grpc.StatusCode.NOT_FOUND
    peek = k.stub.GetDocument(
        pb.GetDocumentRequest(workspace_id=other_ws, id=theirs.id), metadata=k.owner.md
    )
    assert await code(peek) == grpc.StatusCode.NOT_FOUND
    cross = k.stub.GetDocument(
        pb.GetDocumentRequest(workspace_id=k.ws, id=theirs.id), metadata=k.owner.md
    )
    assert await code(cross) == grpc.StatusCode.NOT_FOUND


URL_VARIANTS = [
    "https://example.com/guide?id=1&utm_source=news&utm_medium=mail",
    "https://example.com/guide?id=1#section-2",
    "https://example.com/guide/?id=1",
    "https://EXAMPLE.COM/guide?id=1",
    "https://example.com:443/guide?id=1",
]


async def test_duplicates_by_url_variants_and_near_embeddings(k: K) -> None:
    rng = random.Random(7)
    base = rand_vec(rng)
    original = await k.doc(source_url="https://example.com/guide?id=1", embedding=base)
    for url in URL_VARIANTS:
        r = await k.stub.CheckDuplicate(
            pb.CheckDuplicateRequest(workspace_id=k.ws, url=url), metadata=k.owner.md
        )
        assert (r.is_duplicate, r.kind, r.document.id) == (True, pb.DUPLICATE_KIND_URL, original.id)
        err = await failure(k.doc(title="Again", source_url=url, refuse_duplicates=True))
        assert err.code() == grpc.StatusCode.ALREADY_EXISTS and original.id in str(err.details())
    close = near(base, rng, 0.1)
    r = await k.stub.CheckDuplicate(
        pb.CheckDuplicateRequest(workspace_id=k.ws, url="https://other.org/x", embedding=close),
        metadata=k.owner.md,
    )
    assert (r.is_duplicate, r.kind, r.document.id) == (
        True,
        pb.DUPLICATE_KIND_SEMANTIC,
        original.id,
    )
    assert r.similarity == pytest.approx(cosine(close, base), abs=1e-4) and r.similarity > 0.85
    err = await failure(k.doc(title="Near", embedding=close, refuse_duplicates=True))
    assert err.code() == grpc.StatusCode.ALREADY_EXISTS and original.id in str(err.details())
    far = rand_vec(rng)
    r = await k.stub.CheckDuplicate(
        pb.CheckDuplicateRequest(workspace_id=k.ws, embedding=far), metadata=k.owner.md
    )
    assert not r.is_duplicate and r.kind == pb.DUPLICATE_KIND_UNSPECIFIED
    assert (await k.doc(title="Far", embedding=far, refuse_duplicates=True)).id
    similar = await k.stub.FindSimilarDocuments(
        pb.FindSimilarDocumentsRequest(workspace_id=k.ws, embedding=close, threshold=0.5),
        metadata=k.owner.md,
    )
    assert [s.document.id for s in similar.documents] == [original.id]


async def test_concurrent_creates_of_one_url_let_exactly_one_win(k: K) -> None:
    url = f"https://example.com/{uuid.uuid4().hex}"
    results = await asyncio.gather(
        k.doc(title="One", source_url=url, refuse_duplicates=True),
        k.doc(title="Two", source_url=url + "/#x", refuse_duplicates=True),
        return_exceptions=True,
    )
    codes = sorted(r.code().name if isinstance(r, grpc.aio.AioRpcError) else "OK" for r in results)
    assert codes == ["ALREADY_EXISTS", "OK"]


async def test_evaluations_and_daily_stats(k: K) -> None:
    ids = []
    for latency, quality in ((100, 0.5), (300, 1.0), (200, 0.0)):
        r = await k.stub.RecordEvaluation(
            pb.RecordEvaluationRequest(
                workspace_id=k.ws,
                query="what is strata?",
                response="a service",
                sources=[meta(id="doc-1", score=0.9)],
                latency_ms=latency,
                token_count=42,
                quality_score=quality,
            ),
            metadata=k.owner.md,
        )
        ids.append(r.evaluation.id)
    for run_id, fb in (
        (ids[0], pb.FEEDBACK_THUMBS_UP),
        (ids[1], pb.FEEDBACK_THUMBS_DOWN),
        (ids[2], pb.FEEDBACK_THUMBS_UP),
    ):
        r2 = await k.stub.SetEvaluationFeedback(
            pb.SetEvaluationFeedbackRequest(workspace_id=k.ws, id=run_id, feedback=fb),
            metadata=k.owner.md,
        )
        assert r2.evaluation.feedback == fb
    page = await k.stub.ListEvaluations(
        pb.ListEvaluationsRequest(workspace_id=k.ws, page_size=2), metadata=k.owner.md
    )
    assert [e.id for e in page.evaluations] == [ids[2], ids[1]] and page.next_page_token
    rest = await k.stub.ListEvaluations(
        pb.ListEvaluationsRequest(workspace_id=k.ws, page_size=2, page_token=page.next_page_token),
        metadata=k.owner.md,
    )
    assert [e.id for e in rest.evaluations] == [ids[0]]
    stats = await k.stub.GetEvaluationStats(
        pb.GetEvaluationStatsRequest(workspace_id=k.ws), metadata=k.owner.md
    )
    (day,) = stats.days
    assert day.count == 3 and day.mean_latency_ms == pytest.approx(200)
    assert day.p50_latency_ms == pytest.approx(200)
    assert 200 <= day.p95_latency_ms <= 300
    assert day.mean_quality == pytest.approx(0.5)
    assert (day.thumbs_up, day.thumbs_down) == (2, 1)
    assert day.thumbs_up_ratio == pytest.approx(2 / 3)
    bad = pb.RecordEvaluationRequest(workspace_id=k.ws, query="q", quality_score=1.5)
    err = await failure(k.stub.RecordEvaluation(bad, metadata=k.owner.md))
    assert "quality_score" in violations(err)


async def test_viewers_read_members_write_their_own_admins_anyones(k: K) -> None:
    rng = random.Random(8)
    people = {}
    for name, role in (
        ("viewer", common_pb2.ROLE_VIEWER),
        ("member", common_pb2.ROLE_MEMBER),
        ("other", common_pb2.ROLE_MEMBER),
        ("admin", common_pb2.ROLE_ADMIN),
    ):
        people[name] = await k.h.new_user(f"kn-{name}")
        await k.h.add(k.owner, k.ws, people[name], role)
    viewer, member, other, admin = (people[n] for n in ("viewer", "member", "other", "admin"))
    doc = await k.doc(member, title="Member's")
    vec = rand_vec(rng)

    def rename(caller: Caller) -> Any:
        return k.stub.UpdateDocument(
            pb.UpdateDocumentRequest(
                document=pb.Document(workspace_id=k.ws, id=doc.id, title="Renamed"),
                update_mask=field_mask_pb2.FieldMask(paths=["title"]),
            ),
            metadata=caller.md,
        )

    assert await code(k.doc(viewer)) == grpc.StatusCode.PERMISSION_DENIED
    assert await code(rename(viewer)) == grpc.StatusCode.PERMISSION_DENIED
    assert await code(rename(other)) == grpc.StatusCode.PERMISSION_DENIED
    assert await code(rename(member)) == OK
    assert await code(rename(admin)) == OK
    upsert = pb.UpsertChunksRequest(workspace_id=k.ws, document_id=doc.id, chunks=[chunk(0, vec)])
    assert (
        await code(k.stub.UpsertChunks(upsert, metadata=viewer.md))
        == grpc.StatusCode.PERMISSION_DENIED
    )
    assert await code(k.stub.UpsertChunks(upsert, metadata=member.md)) == OK
    get = pb.GetDocumentRequest(workspace_id=k.ws, id=doc.id)
    assert await code(k.stub.GetDocument(get, metadata=viewer.md)) == OK
    search = pb.SearchChunksRequest(workspace_id=k.ws, query_embedding=vec)
    found = await k.stub.SearchChunks(search, metadata=viewer.md)
    assert [h.chunk.document_id for h in found.results] == [doc.id]
    delete = pb.DeleteDocumentRequest(workspace_id=k.ws, id=doc.id)
    assert (
        await code(k.stub.DeleteDocument(delete, metadata=other.md))
        == grpc.StatusCode.PERMISSION_DENIED
    )
    assert await code(k.stub.DeleteDocument(delete, metadata=admin.md)) == OK
