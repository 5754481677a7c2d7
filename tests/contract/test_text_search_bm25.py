"""FULLTEXT search: any-word matching in websearch syntax, ranked by BM25 per workspace."""

from __future__ import annotations

from typing import Any

import pytest

from domain.knowledge.model import Chunk
from domain.knowledge.search import ChunkFilter
from domain.knowledge.text_query import TextQuery, TextRanking
from tests.contract.test_knowledge_repositories import Kit, add_chunks, add_documents
from tests.contract.text_reference import bm25, ranked

SENTENCES = [
    "Vector search finds similar chunks by their embeddings",
    "Full text search ranks documents by the words they share with a question",
    "Search, search and search again until the index answers",
    "Nothing relevant here at all",
    "The vector index answers a search in milliseconds",
    "vector search and more vector search for every tenant",
    "Tenants keep their own statistics so one corpus never moves another",
    "An inverted index maps every word to the chunks holding it",
]


@pytest.fixture
async def kit(make: Any, seed: Any) -> Kit:
    k = Kit(make)
    await seed(k.user, k.ws, k.other_ws)
    return k


async def corpus_of(uow_factory: Any, kit: Kit, texts: list[str], ws: Any = None) -> list[Chunk]:
    doc = kit.document(ws=ws)
    chunks = [kit.chunk(doc, i, s) for i, s in enumerate(texts)]
    await add_documents(uow_factory, doc)
    await add_chunks(uow_factory, doc, chunks)
    return chunks


def texts(chunks: list[Chunk]) -> dict[str, str]:
    return {c.id: c.content for c in chunks}


async def search(
    uow_factory: Any, ws_id: str, query: str, ranking: TextRanking | None = None
) -> list[tuple[str, float]]:
    async with uow_factory(read_only=True) as uow:
        extra = (False, ranking) if ranking else ()
        hits = await uow.chunks.text_search(ChunkFilter(ws_id), TextQuery.parse(query), 100, *extra)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    return [(h.chunk.id, h.score) for h in hits]


async def phrase_search(
    uow_factory: Any, ws_id: str, query: str, required: bool = False
) -> list[tuple[str, float, bool]]:
    """Each hit's chunk id, score and whether it misses a phrase of the query."""
    async with uow_factory(read_only=True) as uow:
        hits = await uow.chunks.text_search(
            ChunkFilter(ws_id), TextQuery.parse(query, required), 100
        )
    return [(h.chunk.id, h.score, h.missing_phrase) for h in hits]


def assert_same(found: list[tuple[str, float]], expected: list[tuple[str, float]]) -> None:
    """The same ids in the same order and the same scores; scores equal to 1e-9 are a tie,
    broken by id on both sides (float sums in another order differ in the last bits)."""
    assert _tied_by_id(found) == _tied_by_id(expected)
    for (_, mine), (_, theirs) in zip(found, expected, strict=True):
        assert mine == pytest.approx(theirs, abs=1e-6)


def _tied_by_id(ranking: list[tuple[str, float]]) -> list[str]:
    return [cid for cid, _ in sorted(ranking, key=lambda kv: (-round(kv[1], 9), kv[0]))]


class TestBm25:
    async def test_scores_and_order_equal_a_reference_bm25(self, uow_factory, kit):
        corpus = texts(await corpus_of(uow_factory, kit, SENTENCES))
        for query in ("vector search", "how does the index answer a question", "searches"):
            assert_same(await search(uow_factory, kit.ws.id, query), ranked(bm25(corpus, query)))
        tuned = TextRanking(k1=2.0, b=0.3)
        expected = ranked(bm25(corpus, "vector index", k1=2.0, b=0.3))
        assert_same(await search(uow_factory, kit.ws.id, "vector index", tuned), expected)

    async def test_a_word_the_question_repeats_weighs_more(self, uow_factory, kit):
        chunks = await corpus_of(uow_factory, kit, ["the index answers", "the tenant answers"])
        once = await search(uow_factory, kit.ws.id, "index tenant")
        twice = await search(uow_factory, kit.ws.id, "tenant index and the tenant again")
        assert once[0][1] == pytest.approx(once[1][1])  # the same idf, tf and length
        assert [cid for cid, _ in twice] == [chunks[1].id, chunks[0].id]
        assert twice[0][1] == pytest.approx(2 * twice[1][1])
        expected = ranked(bm25(texts(chunks), "tenant index and the tenant again"))
        assert_same(twice, expected)

    async def test_a_question_of_ten_words_finds_chunks_holding_one_of_them(self, uow_factory, kit):
        chunks = await corpus_of(uow_factory, kit, SENTENCES)
        question = "which inverted structure maps a word onto pieces quickly for large archives"
        found = await search(uow_factory, kit.ws.id, question)
        assert {cid for cid, _ in found} == {chunks[1].id, chunks[7].id}  # word(s), maps
        assert_same(found, ranked(bm25(texts(chunks), question)))
        assert await search(uow_factory, kit.ws.id, "the of and") == []
        assert await search(uow_factory, kit.ws.id, "unrelated zebra") == []

    async def test_chunks_holding_a_quoted_phrase_come_first_then_the_others_marked(
        self, uow_factory, kit
    ):
        chunks = await corpus_of(uow_factory, kit, SENTENCES)
        corpus = texts(chunks)
        for query, holders in (
            ('"vector index" search', {chunks[4].id}),
            ('"vector search" or tenants', {chunks[0].id, chunks[5].id}),
        ):
            scores = bm25(corpus, " ".join(TextQuery.parse(query).positive_words))
            first = ranked({k: v for k, v in scores.items() if k in holders})
            then = ranked({k: v for k, v in scores.items() if k not in holders})
            found = await phrase_search(uow_factory, kit.ws.id, query)
            assert_same([(cid, s) for cid, s, _ in found], first + then)
            assert [missing for _, _, missing in found] == [False] * len(first) + [True] * len(then)

    async def test_required_phrases_leave_out_the_chunks_missing_one(self, uow_factory, kit):
        chunks = await corpus_of(uow_factory, kit, SENTENCES)
        found = await phrase_search(uow_factory, kit.ws.id, '"vector index" search', True)
        score = bm25(texts(chunks), "vector index search")[chunks[4].id]
        assert [(cid, missing) for cid, _, missing in found] == [(chunks[4].id, False)]
        assert found[0][1] == pytest.approx(score, abs=1e-6)
        assert await phrase_search(uow_factory, kit.ws.id, '"index vector" search', True) == []
        stop_words_only = await phrase_search(uow_factory, kit.ws.id, '"of the" tenant', True)
        ignored = {cid for cid, _, _ in stop_words_only}  # the phrase of stop words is ignored
        assert ignored == {chunks[5].id, chunks[6].id}  # tenant, tenants

    async def test_a_minus_word_or_phrase_excludes(self, uow_factory, kit):
        chunks = await corpus_of(uow_factory, kit, SENTENCES)
        corpus = texts(chunks)
        scores = bm25(corpus, "search index")
        kept = {k: v for k, v in scores.items() if "vector" not in corpus[k].lower()}
        assert_same(await search(uow_factory, kit.ws.id, "search index -vector"), ranked(kept))
        found = dict(await search(uow_factory, kit.ws.id, 'search -"vector search"'))
        assert chunks[4].id in found
        assert chunks[0].id not in found and chunks[5].id not in found

    async def test_another_workspace_does_not_move_the_scores(self, uow_factory, kit):
        mine = await corpus_of(uow_factory, kit, SENTENCES)
        before = await search(uow_factory, kit.ws.id, "vector search index")
        other = ["vector vector vector", "search index", "index"] * 10 + ["zebra"] * 40
        theirs = await corpus_of(uow_factory, kit, other, ws=kit.other_ws)
        assert await search(uow_factory, kit.ws.id, "vector search index") == before
        assert_same(before, ranked(bm25(texts(mine), "vector search index")))
        found = await search(uow_factory, kit.other_ws.id, "vector search index")
        assert_same(found, ranked(bm25(texts(theirs), "vector search index")))


STATS = "SELECT workspace_id::text, lexeme, doc_freq FROM chunk_term_stats ORDER BY 1, 2"
STATS_FROM_SCRATCH = (
    "SELECT c.workspace_id::text, u.lexeme, count(*) FROM chunks c, unnest(c.content_tsv) u"
    " GROUP BY 1, 2 ORDER BY 1, 2"
)
TOTALS = "SELECT workspace_id::text, chunk_count, total_length FROM workspace_text_stats ORDER BY 1"
TOTALS_FROM_SCRATCH = (
    "SELECT c.workspace_id::text, count(*), sum((SELECT sum(cardinality(u.positions))"
    " FROM unnest(c.content_tsv) u)) FROM chunks c GROUP BY 1 ORDER BY 1"
)

LENGTHS = "SELECT chunk_id::text, length FROM chunk_text_lengths ORDER BY 1"
LENGTHS_FROM_SCRATCH = (
    "SELECT c.id::text, (SELECT coalesce(sum(cardinality(u.positions)), 0)"
    " FROM unnest(c.content_tsv) u) FROM chunks c ORDER BY 1"
)


async def assert_statistics_exact(request: Any) -> None:
    """On PostgreSQL, the kept statistics are what a recompute from the chunks gives."""
    if request.node.callspec.params.get("uow_factory") != "postgres":
        return
    engine = request.getfixturevalue("clean_db")
    async with engine.connect() as conn:
        for kept, scratch in (
            (STATS, STATS_FROM_SCRATCH),
            (TOTALS, TOTALS_FROM_SCRATCH),
            (LENGTHS, LENGTHS_FROM_SCRATCH),
        ):
            rows = [tuple(r) for r in (await conn.exec_driver_sql(kept)).all()]
            assert rows == [tuple(r) for r in (await conn.exec_driver_sql(scratch)).all()]


class TestStatistics:
    QUERY = "vector search index word tenant"

    async def test_scores_stay_exact_through_replace_append_and_deletes(
        self, uow_factory, kit, request
    ):
        a, b = kit.document(), kit.document()
        await add_documents(uow_factory, a, b)
        live: dict[str, str] = {}

        async def check() -> None:
            expected = ranked(bm25(live, self.QUERY)) if live else []
            assert_same(await search(uow_factory, kit.ws.id, self.QUERY), expected)
            await assert_statistics_exact(request)

        first = [kit.chunk(a, i, s) for i, s in enumerate(SENTENCES[:4])]
        await add_chunks(uow_factory, a, first)
        live |= texts(first)
        await check()
        second = [kit.chunk(b, i, s) for i, s in enumerate(SENTENCES[4:])]
        await add_chunks(uow_factory, b, second)
        live |= texts(second)
        await check()
        replaced = [kit.chunk(a, 0, "vector vector"), kit.chunk(a, 1, "index search words")]
        await add_chunks(uow_factory, a, replaced)
        live = {k: v for k, v in live.items() if k not in texts(first)} | texts(replaced)
        await check()
        more = [kit.chunk(b, 10, "more index words for the tenant")]
        async with uow_factory() as uow:
            await uow.chunks.append(kit.ws.id, b.id, more)
            await uow.commit()
        live |= texts(more)
        await check()
        async with uow_factory() as uow:
            await uow.chunks.append(kit.ws.id, b.id, [kit.chunk(b, 11, "rolled back vector")])
        await check()
        async with uow_factory() as uow:
            assert await uow.documents.delete(kit.ws.id, b.id)
            await uow.commit()
        live = texts(replaced)
        await check()
        await add_chunks(uow_factory, a, [])
        live = {}
        await check()
