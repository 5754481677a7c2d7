"""A RELEVANCE page: titles ranked by BM25 with the corpus its first page saw."""

from __future__ import annotations

from typing import Any

from domain.content.model import ContentItem
from domain.content.title_bm25 import QueryTerms, TitleCorpus, TitleRanking, TitleWeights
from domain.kernel.errors import InvalidArgument
from ports.content import ContentFilter, ContentKey, ContentUnitOfWork


def carried_corpus(token_key: tuple[Any, ...] | None, terms: QueryTerms) -> TitleCorpus | None:
    """The corpus a page token's key carries after (rank, created_at, id); None on page 1."""
    if token_key is None:
        return None
    try:
        return TitleCorpus.from_carried(tuple(token_key[3:]), terms)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None


async def ranked_page(
    uow: ContentUnitOfWork,
    filt: ContentFilter,
    ranking: TitleRanking,
    token_key: tuple[Any, ...] | None,
    after: ContentKey | None,
    limit: int,
    skip: int,
) -> tuple[list[tuple[ContentItem, float]], TitleCorpus]:
    terms = QueryTerms.of(filt.query)
    corpus = carried_corpus(token_key, terms)
    if corpus is None:
        corpus = await uow.content_items.title_corpus(filt.workspace_id, terms.words)
    weights = TitleWeights.of(terms, corpus, ranking)
    return await uow.content_items.find_ranked(filt, weights, after, limit, skip), corpus
