"""HYBRID search through real stubs on both storages: RRF, CONVEX, candidates and explain."""

from __future__ import annotations

import random
import struct

import grpc
import pytest

from strata.v1 import knowledge_pb2 as pb
from strata.v1 import knowledge_pb2_grpc
from tests.e2e.harness import Caller, Harness, violations

pytestmark = [pytest.mark.e2e]
DIM = 1536
WORDS = ["river", "mountain", "forest", "desert", "ocean", "valley", "glacier", "meadow"]
CANDIDATES = 30
QUERY_TEXT = "falcon river"


def f32(values: list[float]) -> list[float]:
    return list(struct.unpack(f"{len(values)}f", struct.pack(f"{len(values)}f", *values)))


class Searcher:
    def __init__(self, h: Harness, owner: Caller, ws: str) -> None:
        self.stub = knowledge_pb2_grpc.KnowledgeServiceStub(h.channel)
        self.owner, self.ws = owner, ws

    async def __call__(self, **fields: object) -> pb.SearchChunksResponse:
        request = pb.SearchChunksRequest(workspace_id=self.ws, **fields)  # type: ignore[arg-type]
        return await self.stub.SearchChunks(request, metadata=self.owner.md)


@pytest.fixture
async def search(harness: Harness) -> tuple[Searcher, list[float]]:
    """A workspace of 60 chunks; "falcon" in every 7th; the query embedding is near chunk 14."""
    owner = await harness.new_user("hy")
    ws = await harness.new_workspace(owner, "hy")
    s = Searcher(harness, owner, ws)
    doc = await s.stub.CreateDocument(
        pb.CreateDocumentRequest(workspace_id=ws, title="Corpus"), metadata=owner.md
    )
    rng = random.Random(11)
    vecs = [f32([rng.gauss(0, 1) for _ in range(DIM)]) for _ in range(60)]
    chunks = [
        pb.Chunk(
            ordinal=i,
            content=" ".join(rng.choice(WORDS) for _ in range(4 + i % 5))
            + (" falcon" if i % 7 == 0 else ""),
            embedding=vec,
        )
        for i, vec in enumerate(vecs)
    ]
    await s.stub.UpsertChunks(
        pb.UpsertChunksRequest(workspace_id=ws, document_id=doc.document.id, chunks=chunks),
        metadata=owner.md,
    )
    return s, f32([x + rng.gauss(0, 0.5) for x in vecs[14]])


async def _lists(s: Searcher, query: list[float]) -> tuple[list[pb.SearchResult], ...]:
    vector = await s(query_embedding=query, top_k=CANDIDATES, mode=pb.SEARCH_MODE_VECTOR)
    text = await s(query_text=QUERY_TEXT, top_k=CANDIDATES, mode=pb.SEARCH_MODE_FULLTEXT)
    return list(vector.results), list(text.results)


def _normalised(results: list[pb.SearchResult]) -> dict[str, float]:
    low, high = min(r.score for r in results), max(r.score for r in results)
    return {r.chunk.id: (r.score - low) / (high - low) if high > low else 1.0 for r in results}


async def test_explain_gives_each_lists_rank_and_score(search) -> None:
    s, query = search
    vector, text = await _lists(s, query)
    r = await s(
        query_embedding=query, query_text=QUERY_TEXT, candidates=CANDIDATES, top_k=20, explain=True
    )
    assert r.mode == pb.SEARCH_MODE_HYBRID and r.fusion == pb.SEARCH_FUSION_RRF
    ranks = [{h.chunk.id: (n, h.score) for n, h in enumerate(lst, 1)} for lst in (vector, text)]
    for hit in r.results:
        e = hit.explanation
        assert e.fused_score == pytest.approx(hit.score)
        for match, ranked in ((e.vector, ranks[0]), (e.text, ranks[1])):
            assert match.found == (hit.chunk.id in ranked)
            if match.found:
                assert match.rank == ranked[hit.chunk.id][0]
                assert match.score == pytest.approx(ranked[hit.chunk.id][1], abs=1e-6)
    assert any(h.explanation.vector.found and h.explanation.text.found for h in r.results)
    plain = await s(query_embedding=query, query_text=QUERY_TEXT, candidates=CANDIDATES)
    assert not any(h.HasField("explanation") for h in plain.results)


async def test_rrf_and_convex_both_fuse_the_candidates_as_documented(search) -> None:
    s, query = search
    vector, text = await _lists(s, query)
    rrf: dict[str, float] = {}
    for weight, lst in ((1.0, vector), (2.0, text)):
        for n, h in enumerate(lst, start=1):
            rrf[h.chunk.id] = rrf.get(h.chunk.id, 0.0) + weight / (10 + n)
    convex = dict.fromkeys(rrf, 0.0)
    for weight, lst in ((0.7, vector), (1.0 - 0.7, text)):
        for cid, value in _normalised(lst).items():
            convex[cid] += weight * value
    both = {"query_embedding": query, "query_text": QUERY_TEXT, "candidates": CANDIDATES}
    for expected, options in (
        (rrf, {"fusion": pb.SEARCH_FUSION_RRF, "rrf_k": 10, "text_weight": 2.0}),
        (convex, {"fusion": pb.SEARCH_FUSION_CONVEX, "alpha": 0.7}),
    ):
        r = await s(top_k=10, **both, **options)
        assert r.fusion == options["fusion"]
        order = sorted(expected, key=lambda cid: (-expected[cid], cid))[:10]
        assert [h.chunk.id for h in r.results] == order
        assert [h.score for h in r.results] == pytest.approx([expected[c] for c in order])


@pytest.mark.parametrize(
    ("field", "value"), [("alpha", 1.5), ("alpha", -0.5), ("candidates", 1001), ("fusion", 9)]
)
async def test_bad_fusion_options_are_invalid_argument_naming_the_field(
    search, field, value
) -> None:
    s, query = search
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await s(query_embedding=query, query_text=QUERY_TEXT, **{field: value})
    assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(info.value)


async def test_phrase_holders_come_first_and_the_rest_say_they_miss_the_phrase(search) -> None:
    s, _ = search
    loose = await s(query_text='"river falcon" glacier', top_k=60, mode=pb.SEARCH_MODE_FULLTEXT)
    missing = [h.missing_phrase for h in loose.results]
    holders = [h for h in loose.results if "river falcon" in h.chunk.content]
    assert holders and missing == [False] * len(holders) + [True] * (len(missing) - len(holders))
    assert all(
        "glacier" in h.chunk.content or "river" in h.chunk.content or "falcon" in h.chunk.content
        for h in loose.results[len(holders) :]
    )
    strict = await s(
        query_text='"river falcon" glacier',
        top_k=60,
        mode=pb.SEARCH_MODE_FULLTEXT,
        require_phrases=True,
    )
    assert [h.chunk.id for h in strict.results] == [h.chunk.id for h in holders]
    nowhere = await s(query_text='"falcon glacier"', mode=pb.SEARCH_MODE_FULLTEXT)
    assert nowhere.results and all(h.missing_phrase for h in nowhere.results)
    assert not (await s(query_text='"falcon glacier"', require_phrases=True)).results
