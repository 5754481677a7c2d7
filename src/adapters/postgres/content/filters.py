"""ListContent's filters and sort keys as SQLAlchemy Core expressions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from adapters.postgres.content.tables import QUALITY_KEY, TEXT_CONFIG, content_items
from adapters.postgres.infra.repository import uuid_or_none
from domain.content.values import MAX_TAG, ContentSort
from domain.kernel.errors import InvalidArgument
from ports.content import ContentFilter, ContentKey

_c = content_items.c


_TAG_ARRAY: Any = ARRAY(sa.String(MAX_TAG))


def _tags(tags: tuple[str, ...]) -> sa.ColumnElement[list[str]]:
    return sa.literal(list(tags), _TAG_ARRAY)


def where(f: ContentFilter) -> list[sa.ColumnElement[bool]]:
    clauses: list[sa.ColumnElement[bool]] = [_c.workspace_id == uuid_or_none(f.workspace_id)]
    if f.creator_id is not None:
        clauses.append(_c.creator_id == uuid_or_none(f.creator_id))
    if f.content_type is not None:
        clauses.append(_c.content_type == str(f.content_type))
    if f.origin is not None:
        clauses.append(_c.origin == str(f.origin))
    if f.visibility is not None:
        clauses.append(_c.visibility == str(f.visibility))
    if f.tags_any:
        clauses.append(_c.tags.overlap(_tags(f.tags_any)))
    if f.tags_all:
        clauses.append(_c.tags.contains(_tags(f.tags_all)))
    if f.metadata_contains:
        clauses.append(_c.metadata.contains(f.metadata_contains))
    if f.metadata_has_key is not None:
        clauses.append(_c.metadata.has_key(f.metadata_has_key))
    if f.min_quality is not None:
        clauses.append(_c.quality_score >= f.min_quality)
    if f.query:
        query = sa.func.websearch_to_tsquery(sa.literal_column(f"'{TEXT_CONFIG}'"), f.query)
        clauses.append(_c.title_tsv.op("@@")(query))
    return clauses


RANK: sa.ColumnElement[float] = sa.literal_column("rank")


def order(sort: ContentSort) -> list[sa.ColumnElement[object]]:
    if sort == ContentSort.OLDEST:
        return [_c.created_at.asc(), _c.id.asc()]
    head = {ContentSort.QUALITY: [QUALITY_KEY.desc()], ContentSort.RELEVANCE: [RANK.desc()]}
    return [*head.get(sort, []), _c.created_at.desc(), _c.id.desc()]


def beyond(
    sort: ContentSort, after: ContentKey, ranked: sa.ColumnElement[float] | None = None
) -> sa.ColumnElement[bool]:
    """Rows after the key `after` in the sort's order (`ranked`: the rank, for RELEVANCE)."""
    item_id = uuid_or_none(str(after[-1]))
    if item_id is None:
        raise InvalidArgument.of("page_token", "is not a valid page token")
    key = sa.literal(item_id, UUID(as_uuid=False))
    if sort == ContentSort.OLDEST:
        return sa.tuple_(_c.created_at, _c.id) > sa.tuple_(after[0], key)
    if sort in (ContentSort.QUALITY, ContentSort.RELEVANCE):
        head = ranked if ranked is not None else QUALITY_KEY
        first = sa.literal(after[0], sa.Double)
        return sa.tuple_(head, _c.created_at, _c.id) < sa.tuple_(first, after[1], key)
    return sa.tuple_(_c.created_at, _c.id) < sa.tuple_(after[0], key)
