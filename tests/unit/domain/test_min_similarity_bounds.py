"""`min_similarity` lies in [-1, 1], both ends included; outside it is INVALID_ARGUMENT."""

from __future__ import annotations

import math

import pytest

from domain.kernel.errors import InvalidArgument
from domain.knowledge.chunks import UpsertChunks
from domain.knowledge.searching import SearchChunks, SearchQuery
from tests.unit.domain.test_knowledge_chunks_and_search import chunk, d, doc, ws

__all__ = ["d", "doc", "ws"]  # fixtures shared with the chunk and search tests
QUERY = [1.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("floor", "kept"), [(1.0, [0]), (0.0, [0, 1]), (-1.0, [0, 1, 2]), (None, [0, 1, 2])]
)
async def test_the_ends_of_the_range_are_allowed(d, alice, ws, doc, floor, kept) -> None:
    vectors = [QUERY, [0.0, 1.0, 0.0], [-1.0, 0.0, 0.0]]
    await UpsertChunks(d).execute(
        alice.principal, ws.id, doc.id, [chunk(i, v) for i, v in enumerate(vectors)]
    )
    answer = await SearchChunks(d).execute(
        alice.principal, SearchQuery(ws.id, embedding=QUERY, min_similarity=floor)
    )
    assert sorted(h.chunk.ordinal for h in answer.hits) == kept


@pytest.mark.parametrize("floor", [math.nextafter(1.0, 2.0), math.nextafter(-1.0, -2.0), 2.0])
async def test_beyond_either_end_is_invalid(d, alice, ws, floor) -> None:
    with pytest.raises(InvalidArgument) as exc:
        await SearchChunks(d).execute(
            alice.principal, SearchQuery(ws.id, embedding=QUERY, min_similarity=floor)
        )
    assert [(v.field, v.description) for v in exc.value.violations] == [
        ("min_similarity", "must be between -1 and 1")
    ]
