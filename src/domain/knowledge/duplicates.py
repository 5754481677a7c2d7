"""Duplicate detection: by canonical URL first, then by document embedding."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from domain.kernel.errors import Validator
from domain.kernel.principal import Principal
from domain.knowledge.deps import (
    DEFAULT_THRESHOLD,
    KnowledgeDeps,
    check_limit,
    check_threshold,
    collect,
    reader,
)
from domain.knowledge.model import Document
from domain.knowledge.values import canonical_url, check_embedding
from ports.knowledge import KnowledgeUnitOfWork, SimilarDocument


class DuplicateKind(enum.StrEnum):
    URL = "url"
    SEMANTIC = "semantic"


@dataclass(frozen=True, slots=True)
class Duplicate:
    kind: DuplicateKind
    document: Document
    similarity: float


async def find_duplicate(
    uow: KnowledgeUnitOfWork,
    workspace_id: str,
    canonical: str | None,
    embedding: list[float] | None,
    threshold: float,
) -> Duplicate | None:
    """Seed 004's is_duplicate_hybrid: the same canonical URL, else the closest embedding."""
    if canonical:
        same = await uow.documents.by_url(workspace_id, canonical)
        if same is not None:
            return Duplicate(DuplicateKind.URL, same, 1.0)
    if embedding is not None:
        close = await uow.documents.similar(workspace_id, embedding, threshold, 1)
        if close:
            return Duplicate(DuplicateKind.SEMANTIC, close[0].document, close[0].similarity)
    return None


class CheckDuplicate:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        url: str,
        embedding: Sequence[float],
        threshold: float | None,
    ) -> Duplicate | None:
        dim, v = self._d.embedding_dim, Validator()
        v.check(bool(url.strip() or embedding), "url", "a url or an embedding is required")
        canonical = collect(v, lambda: canonical_url(url, "url")) if url.strip() else None
        vector = (
            collect(v, lambda: check_embedding(embedding, dim, "embedding")) if embedding else None
        )
        bound = collect(v, lambda: check_threshold(threshold, "threshold"))
        v.raise_if_any()
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            return await find_duplicate(
                uow, workspace_id, canonical, vector, DEFAULT_THRESHOLD if bound is None else bound
            )


class FindSimilarDocuments:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        embedding: Sequence[float],
        threshold: float | None,
        limit: int,
    ) -> list[SimilarDocument]:
        vector = check_embedding(embedding, self._d.embedding_dim, "embedding")
        bound = check_threshold(threshold, "threshold")
        count = check_limit(limit, "limit", 10, 1000)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            return await uow.documents.similar(workspace_id, vector, bound, count)
