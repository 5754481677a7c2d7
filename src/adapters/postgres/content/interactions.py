"""Interactions on PostgreSQL: one INSERT per batch (its trigger writes the outbox rows),
keyset pages newest first, statistics in one grouped pass."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from adapters.postgres.content.tables import content_items
from adapters.postgres.content.tables_interactions import content_interactions
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.interaction import Interaction, InteractionType, every_type
from domain.kernel.errors import InvalidArgument
from ports.content.interactions import (
    InteractionKey,
    InteractionQuery,
    InteractionStats,
    StatsRange,
)

_i = content_interactions.c
_FIELDS = [c.name for c in content_interactions.c]


def json_object(value: Any) -> dict[str, Any]:
    return dict(json.loads(value) if isinstance(value, str) else value)


def _interaction(row: Mapping[str, Any]) -> Interaction:
    values = {f: row[f] for f in _FIELDS}
    values["interaction_type"] = InteractionType(row["interaction_type"])
    values["metadata"] = json_object(row["metadata"])
    return Interaction(**values)


def below(columns: Sequence[Any], after: Sequence[Any]) -> sa.ColumnElement[bool]:
    """Rows whose (columns) come strictly before `after` in descending order; the key's
    last part is an id (a forged one is INVALID_ARGUMENT on the page token)."""
    key_id = uuid_or_none(str(after[-1]))
    if key_id is None:
        raise InvalidArgument.of("page_token", "is not a valid page token")
    key = [*after[:-1], sa.literal(key_id, UUID(as_uuid=False))]
    return sa.tuple_(*columns) < sa.tuple_(*key)


def text_value(column: Any, key: str) -> sa.ColumnElement[str]:
    """The metadata key's value when it is text, else ''."""
    if not key:
        return sa.literal("")
    is_text = sa.func.jsonb_typeof(column[key]) == "string"
    return sa.case((is_text, column[key].astext), else_=sa.literal(""))


class SqlaInteractionRepository(Repository):
    async def add_all(self, interactions: Sequence[Interaction]) -> None:
        rows = [{f: getattr(i, f) for f in _FIELDS} for i in interactions]
        await self.execute(content_interactions.insert().values(rows))

    async def known_items(self, workspace_id: str, item_ids: Sequence[str]) -> set[str]:
        ids = [i for i in (uuid_or_none(x) for x in item_ids) if i]
        c = content_items.c
        stmt = sa.select(c.id).where(c.workspace_id == uuid_or_none(workspace_id), c.id.in_(ids))
        return {str(r["id"]) for r in await self.all(stmt)} if ids else set()

    async def in_batch(self, workspace_id: str, batch_id: str) -> list[Interaction]:
        stmt = (
            sa.select(content_interactions)
            .where(_i.batch_id == uuid_or_none(batch_id))
            .where(_i.workspace_id == uuid_or_none(workspace_id))
            .order_by(_i.id)
        )
        return [_interaction(r) for r in await self.all(stmt)]

    async def find(
        self, query: InteractionQuery, after: InteractionKey | None, limit: int
    ) -> list[Interaction]:
        stmt = sa.select(content_interactions).where(
            _i.workspace_id == uuid_or_none(query.workspace_id)
        )
        if query.user_id is not None:
            stmt = stmt.where(_i.user_id == uuid_or_none(query.user_id))
        if query.content_item_id is not None:
            stmt = stmt.where(_i.content_item_id == uuid_or_none(query.content_item_id))
        if after is not None:
            stmt = stmt.where(below((_i.occurred_at, _i.id), after))
        stmt = stmt.order_by(_i.occurred_at.desc(), _i.id.desc()).limit(limit)
        return [_interaction(r) for r in await self.all(stmt)]

    async def stats(self, span: StatsRange) -> InteractionStats:
        day = sa.func.date(sa.func.timezone("UTC", _i.occurred_at)).label("day")
        value = text_value(_i.metadata, span.metadata_key).label("value")
        stmt = (
            sa.select(_i.interaction_type, day, value, sa.func.count().label("n"))
            .where(_i.workspace_id == uuid_or_none(span.workspace_id))
            .where(_i.occurred_at >= span.start, _i.occurred_at < span.end)
            .group_by(_i.interaction_type, day, value)
        )
        by_type, by_value, by_day = Counter[str](), Counter[str](), Counter[Any]()
        for r in await self.all(stmt):
            n = int(r["n"])
            by_type[r["interaction_type"]] += n
            by_value[r["value"]] += n
            by_day[r["day"]] += n
        return InteractionStats(
            total=sum(by_type.values()),
            by_type=every_type(by_type),
            by_metadata=dict(by_value) if span.metadata_key else {},
            by_day=sorted(by_day.items()),
        )
