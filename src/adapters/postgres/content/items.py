"""Content items on PostgreSQL: Core statements, keyset or offset pages by three sorts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from adapters.postgres.content.counts import ContentCounts
from adapters.postgres.content.filters import beyond, order, where
from adapters.postgres.content.stats import read_stats
from adapters.postgres.content.tables import content_items
from adapters.postgres.content.title_corpus import read_title_corpus, title_score
from adapters.postgres.infra.repository import Repository, uuid_or_none
from adapters.postgres.infra.session import Session
from domain.content.model import ContentItem
from domain.content.title_bm25 import TitleCorpus, TitleWeights
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from domain.kernel.errors import Aborted
from ports.content import ContentFilter, ContentKey, ContentStats, Total

_c = content_items.c
_FIELDS = [c.name for c in content_items.c if c.name != "title_tsv"]
_FIXED = ("id", "workspace_id", "creator_id", "origin", "created_at")
_MUTABLE = [f for f in _FIELDS if f not in _FIXED]
ITEM_SELECT = [_c[f] for f in _FIELDS]


def item_of(row: Mapping[str, Any]) -> ContentItem:
    values = {f: row[f] for f in _FIELDS}
    values["origin"] = Origin(row["origin"])
    values["content_type"] = ContentType(row["content_type"])
    values["visibility"] = Visibility(row["visibility"])
    values["tags"] = tuple(row["tags"])
    if isinstance(values["metadata"], str):
        values["metadata"] = json.loads(values["metadata"])
    return ContentItem(**values)


def _row(item: ContentItem) -> dict[str, Any]:
    values = {f: getattr(item, f) for f in _FIELDS}
    values["tags"] = list(item.tags)
    return values


def page_statement(
    filt: ContentFilter, sort: ContentSort, after: ContentKey | None, limit: int, offset: int = 0
) -> sa.Select[Any]:
    stmt = sa.select(*ITEM_SELECT).where(*where(filt))
    if after is not None:
        stmt = stmt.where(beyond(sort, after))
    return stmt.order_by(*order(sort)).offset(offset or None).limit(limit)


def ranked_statement(
    filt: ContentFilter,
    weights: TitleWeights,
    after: ContentKey | None,
    limit: int,
    offset: int = 0,
) -> sa.Select[Any]:
    ranked = title_score(weights)
    stmt = sa.select(*ITEM_SELECT, ranked.label("rank")).where(*where(filt))
    if after is not None:
        stmt = stmt.where(beyond(ContentSort.RELEVANCE, after, ranked))
    return stmt.order_by(*order(ContentSort.RELEVANCE)).offset(offset or None).limit(limit)


def _where(workspace_id: str, item_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(_c.id == uuid_or_none(item_id), _c.workspace_id == uuid_or_none(workspace_id))


class SqlaContentItemRepository(Repository):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._counts = ContentCounts(session)

    async def add(self, item: ContentItem) -> None:
        await self.execute(content_items.insert().values(_row(item)))
        await self._counts.forget(item.workspace_id)

    async def get(self, workspace_id: str, item_id: str) -> ContentItem | None:
        if uuid_or_none(workspace_id) is None or uuid_or_none(item_id) is None:
            return None
        row = await self.first(sa.select(*ITEM_SELECT).where(_where(workspace_id, item_id)))
        return item_of(row) if row else None

    async def update(self, item: ContentItem, expected_version: int) -> None:
        values = _row(item)
        stmt = (
            content_items.update()
            .where(_where(item.workspace_id, item.id), _c.version == expected_version)
            .values({f: values[f] for f in _MUTABLE})
            .returning(_c.updated_at)
        )
        row = await self.first(stmt)
        if row is None:
            raise Aborted("the content item changed concurrently; read it again")
        item.updated_at = row["updated_at"]
        await self._counts.forget(item.workspace_id)

    async def delete(self, workspace_id: str, item_id: str) -> bool:
        stmt = content_items.delete().where(_where(workspace_id, item_id)).returning(_c.id)
        deleted = bool(await self.all(stmt))
        if deleted:
            await self._counts.forget(workspace_id)
        return deleted

    async def find(
        self,
        filt: ContentFilter,
        sort: ContentSort,
        after: ContentKey | None,
        limit: int,
        offset: int = 0,
    ) -> list[ContentItem]:
        rows = await self.all(page_statement(filt, sort, after, limit, offset))
        return [item_of(r) for r in rows]

    async def find_ranked(
        self,
        filt: ContentFilter,
        weights: TitleWeights,
        after: ContentKey | None,
        limit: int,
        offset: int = 0,
    ) -> list[tuple[ContentItem, float]]:
        rows = await self.all(ranked_statement(filt, weights, after, limit, offset))
        return [(item_of(r), float(r["rank"])) for r in rows]

    async def title_corpus(self, workspace_id: str, words: tuple[str, ...]) -> TitleCorpus:
        return await read_title_corpus(self, workspace_id, words)

    async def count(self, filt: ContentFilter) -> Total:
        return await self._counts.count(filt, writable=not self._s.read_only)

    async def stats(self, workspace_id: str, top_tags: int) -> ContentStats:
        return await read_stats(self, workspace_id, top_tags)
