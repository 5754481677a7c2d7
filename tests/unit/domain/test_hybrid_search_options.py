"""SearchChunks' fusion options: candidates per list, RRF or CONVEX, explanations, validation."""

from __future__ import annotations

import pytest

from adapters.system.basics import Uuid7Generator
from domain.kernel.errors import InvalidArgument
from domain.knowledge.chunks import NewChunk, UpsertChunks
from domain.knowledge.deps import KnowledgeDeps
from domain.knowledge.documents import CreateDocument, NewDocument
from domain.knowledge.search import FusionKind, ListMatch, SearchMode
from domain.knowledge.searching import SearchChunks, SearchQuery
from tests.unit.domain.conftest import PAGE_TOKENS

QUERY = [1.0, 0.0, 0.0]


@pytest.fixture
def d(uow, clock) -> KnowledgeDeps:
    return KnowledgeDeps(uow, clock, Uuid7Generator(), PAGE_TOKENS, embedding_dim=3)


@pytest.fixture
async def ws(world, alice, d):
    ws = await world.workspace(alice, "fusion")
    doc = await CreateDocument(d).execute(alice.principal, NewDocument(ws.id, "Doc"))
    chunks = [
        NewChunk(0, "postgres vector search", [1.0, 0.0, 0.0]),
        NewChunk(1, "cooking pasta", [0.9, 0.1, 0.0]),
        NewChunk(2, "vector databases compared", [0.0, 1.0, 0.0]),
    ]
    await UpsertChunks(d).execute(alice.principal, ws.id, doc.id, chunks)
    return ws


def hybrid(ws, **options) -> SearchQuery:
    return SearchQuery(ws.id, embedding=QUERY, text="vector", **options)


async def test_candidates_bound_what_each_list_contributes(d, alice, ws) -> None:
    search = SearchChunks(d)
    options = {"top_k": 2, "text_weight": 2.0, "explain": True}
    few = await search.execute(alice.principal, hybrid(ws, candidates=2, **options))
    many = await search.execute(alice.principal, hybrid(ws, candidates=3, **options))
    third = [next(h for h in a.hits if h.chunk.ordinal == 2) for a in (few, many)]
    assert third[0].explanation is not None and third[0].explanation.vector is None
    assert third[1].explanation is not None
    assert third[1].explanation.vector == ListMatch(3, pytest.approx(0.0, abs=1e-9))


async def test_convex_fusion_follows_alpha_and_says_it_was_used(d, alice, ws) -> None:
    search = SearchChunks(d)
    by_vector = await search.execute(
        alice.principal, hybrid(ws, fusion=FusionKind.CONVEX, alpha=1.0)
    )
    assert by_vector.fusion == FusionKind.CONVEX
    assert [h.chunk.ordinal for h in by_vector.hits] == [0, 1, 2]
    assert by_vector.hits[0].score == pytest.approx(1.0)
    by_text = await search.execute(alice.principal, hybrid(ws, fusion=FusionKind.CONVEX, alpha=0))
    assert by_text.hits[-1].chunk.ordinal == 1 and by_text.hits[-1].score == 0.0
    default = await search.execute(alice.principal, hybrid(ws))
    assert default.fusion == FusionKind.RRF
    assert default.hits[0].score == pytest.approx(1 / 21 + 1 / 21, rel=0.05)  # rrf_k 20


async def test_explain_in_a_single_mode_names_only_that_list(d, alice, ws) -> None:
    answer = await SearchChunks(d).execute(
        alice.principal, SearchQuery(ws.id, embedding=QUERY, explain=True)
    )
    assert answer.mode == SearchMode.VECTOR and answer.fusion is None
    for h in answer.hits:
        assert h.explanation is not None and h.explanation.text is None
        assert h.explanation.vector == ListMatch(h.rank, h.score)
        assert h.explanation.fused_score == h.score


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"alpha": 1.5}, "alpha"),
        ({"alpha": -0.1}, "alpha"),
        ({"alpha": float("nan")}, "alpha"),
        ({"alpha": float("inf")}, "alpha"),
        ({"candidates": 1001}, "candidates"),
        ({"candidates": -1}, "candidates"),
        ({"rrf_k": -1}, "rrf_k"),
        ({"text_weight": float("nan")}, "text_weight"),
    ],
)
async def test_bad_fusion_options_are_refused_before_the_workspace_is_read(
    d, alice, options, field
) -> None:
    query = SearchQuery("no-such-workspace", embedding=QUERY, text="vector", **options)
    with pytest.raises(InvalidArgument) as exc:
        await SearchChunks(d).execute(alice.principal, query)
    assert [v.field for v in exc.value.violations] == [field]
