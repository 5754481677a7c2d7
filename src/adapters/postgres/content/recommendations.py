"""Recommendations on PostgreSQL: an upsert on (content_item_id, user_id,
algorithm_version) that keeps served_at, pages by (score, created_at, id) descending."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from adapters.postgres.content.interactions import below, json_object
from adapters.postgres.content.tables_interactions import content_recommendations
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.recommendation import Recommendation
from ports.content.interactions import RecommendationKey

_r = content_recommendations.c
_FIELDS = [c.name for c in content_recommendations.c]
BEST_FIRST = (_r.score.desc(), _r.created_at.desc(), _r.id.desc())


def recommendation_of(row: Mapping[str, Any]) -> Recommendation:
    values = {f: row[f] for f in _FIELDS}
    values["metadata"] = json_object(row["metadata"])
    return Recommendation(**values)


def _identity(r: Recommendation) -> tuple[str, str, str]:
    return (r.user_id, r.content_item_id, r.algorithm_version)


class SqlaRecommendationRepository(Repository):
    async def upsert(self, recommendations: Sequence[Recommendation]) -> list[Recommendation]:
        rows = [{f: getattr(r, f) for f in _FIELDS} for r in recommendations]
        given = insert(content_recommendations).values(rows)
        stmt = given.on_conflict_do_update(
            index_elements=[_r.content_item_id, _r.user_id, _r.algorithm_version],
            set_={
                "score": given.excluded.score,
                "metadata": given.excluded.metadata,
                "updated_at": given.excluded.updated_at,
            },
        ).returning(*content_recommendations.c)
        stored = {_identity(s): s for s in map(recommendation_of, await self.all(stmt))}
        return [stored[_identity(r)] for r in recommendations]

    async def find(
        self,
        workspace_id: str,
        user_id: str,
        unserved_only: bool,
        after: RecommendationKey | None,
        limit: int,
    ) -> list[Recommendation]:
        stmt = sa.select(content_recommendations).where(
            _r.user_id == uuid_or_none(user_id), _r.workspace_id == uuid_or_none(workspace_id)
        )
        if unserved_only:
            stmt = stmt.where(_r.served_at.is_(None))
        if after is not None:
            first = sa.literal(after[0], sa.Double)
            stmt = stmt.where(below((_r.score, _r.created_at, _r.id), (first, *after[1:])))
        stmt = stmt.order_by(*BEST_FIRST).limit(limit)
        return [recommendation_of(r) for r in await self.all(stmt)]

    async def get_many(self, workspace_id: str, ids: Sequence[str]) -> list[Recommendation]:
        valid = [i for i in (uuid_or_none(x) for x in ids) if i]
        if not valid:
            return []
        stmt = sa.select(content_recommendations).where(
            _r.id.in_(valid), _r.workspace_id == uuid_or_none(workspace_id)
        )
        return [recommendation_of(r) for r in await self.all(stmt.order_by(_r.id))]

    async def mark_served(self, workspace_id: str, ids: Sequence[str], now: datetime) -> list[str]:
        valid = [i for i in (uuid_or_none(x) for x in ids) if i]
        if not valid:
            return []
        stmt = (
            content_recommendations.update()
            .where(_r.id.in_(valid), _r.workspace_id == uuid_or_none(workspace_id))
            .where(_r.served_at.is_(None))
            .values(served_at=now)
            .returning(_r.id)
        )
        return [str(r["id"]) for r in await self.all(stmt)]
