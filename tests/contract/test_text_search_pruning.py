"""FULLTEXT's best `limit` equal a full BM25 ranking, however few chunks a search scores.

A Zipf-distributed corpus makes some query words very common, the case where the
PostgreSQL search leaves out the chunks that cannot reach the best `limit` (bm25.py); the
answer must still be the reference's.
"""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from adapters.memory.knowledge.full_text import ENGLISH_STOP_WORDS
from domain.knowledge.search import ChunkFilter
from domain.knowledge.text_query import TextQuery
from tests.contract.test_knowledge_repositories import Kit, add_chunks, add_documents
from tests.contract.text_reference import bm25

SYLLABLES = [a + b for a in "bdfgklmnprstvz" for b in "aeiou"]


def zipf_words(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        if word not in ENGLISH_STOP_WORDS:
            words.add(word)
    return sorted(words)


@pytest.fixture
async def kit(make: Any, seed: Any) -> Kit:
    k = Kit(make)
    await seed(k.user, k.ws, k.other_ws)
    return k


def assert_best(found: list[tuple[str, float]], scores: dict[str, float], limit: int) -> None:
    """`found` holds the best `limit` of `scores`, best first; chunks tied (to rounding)
    may come in either order, and either of them may be the last one in."""
    expected = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    assert [s for _, s in found] == pytest.approx([s for _, s in expected], abs=1e-9)
    last = expected[-1][1] if expected else 0.0
    for cid, score in found:
        assert scores[cid] == pytest.approx(score, abs=1e-9)
    sure = {cid for cid, s in expected if s > last + 1e-9}
    assert sure <= {cid for cid, _ in found}


async def test_the_best_few_equal_a_full_ranking_on_a_zipf_corpus(uow_factory, kit):
    rng = random.Random(11)
    words = zipf_words(rng, 400)
    weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(words))))
    docs = [kit.document() for _ in range(3)]
    await add_documents(uow_factory, *docs)
    corpus: dict[str, str] = {}
    for doc in docs:
        chunks = [
            kit.chunk(
                doc, i, " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(5, 40)))
            )
            for i in range(150)
        ]
        await add_chunks(uow_factory, doc, chunks)
        corpus |= {c.id: c.content for c in chunks}
    for _ in range(30):
        query = " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(2, 6)))
        scores = bm25(corpus, query)
        for limit in (1, 3, 10):
            async with uow_factory(read_only=True) as uow:
                hits = await uow.chunks.text_search(
                    ChunkFilter(kit.ws.id), TextQuery.parse(query), limit
                )
            assert_best([(h.chunk.id, h.score) for h in hits], scores, limit)
