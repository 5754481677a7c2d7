"""`min_similarity` keeps a hit whose similarity equals it, in every adapter; 1 is its top."""

from __future__ import annotations

import pytest

from domain.knowledge.search import ChunkFilter
from ports.uow import UnitOfWorkFactory
from tests.contract.test_knowledge_repositories import D, Kit, add_chunks, add_documents, kit

__all__ = ["kit"]  # the fixture, shared with the repository contract


def _axis(i: int) -> list[float]:
    return [1.0 if j == i else 0.0 for j in range(D)]


async def _similar(uow_factory: UnitOfWorkFactory, kit: Kit, floor: float) -> list[int]:
    """Ordinals kept: 0 is the query itself (1), 1 orthogonal to it (0), 2 opposite (-1)."""
    doc = kit.document()
    chunks = [kit.chunk(doc, i, embedding=v) for i, v in enumerate(
        [_axis(0), _axis(1), [-x for x in _axis(0)]])]  # fmt: skip
    await add_documents(uow_factory, doc)
    await add_chunks(uow_factory, doc, chunks)
    async with uow_factory(read_only=True) as uow:
        hits = await uow.chunks.vector_search(ChunkFilter(kit.ws.id), _axis(0), 10, floor, None)
    return sorted(h.chunk.ordinal for h in hits)


@pytest.mark.parametrize(
    ("floor", "kept"),
    [(1.0, [0]), (0.0, [0, 1]), (1e-9, [0]), (-1.0, [0, 1, 2]), (-0.999999, [0, 1])],
)
async def test_a_hit_exactly_at_the_threshold_is_kept(
    uow_factory: UnitOfWorkFactory, kit: Kit, floor: float, kept: list[int]
) -> None:
    assert await _similar(uow_factory, kit, floor) == kept
