"""Model versions and preference weights on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from adapters.postgres.content.tables_digests import model_versions, preference_weights
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.preference_model import ModelVersion, PreferenceWeight, PreferenceWeights
from ports.content.digests import ModelVersionKey

_m, _w = model_versions.c, preference_weights.c


def _version(row: Mapping[str, Any]) -> ModelVersion:
    metrics = row["metrics"]
    if isinstance(metrics, str):
        metrics = json.loads(metrics)
    return ModelVersion(str(row["workspace_id"]), row["version"], metrics, row["created_at"])


class SqlaModelVersionRepository(Repository):
    async def add(self, version: ModelVersion) -> ModelVersion:
        values = {
            "workspace_id": version.workspace_id,
            "version": version.version,
            "metrics": version.metrics,
            "created_at": version.created_at,
        }
        stmt = insert(model_versions).values(values).on_conflict_do_nothing()
        await self.execute(stmt)
        stored = await self.get(version.workspace_id, version.version)
        return stored or version

    async def get(self, workspace_id: str, version: str) -> ModelVersion | None:
        ws = uuid_or_none(workspace_id)
        if ws is None:
            return None
        stmt = sa.select(model_versions).where(_m.workspace_id == ws, _m.version == version)
        row = await self.first(stmt)
        return _version(row) if row else None

    async def find(
        self, workspace_id: str, after: ModelVersionKey | None, limit: int
    ) -> list[ModelVersion]:
        ws = uuid_or_none(workspace_id)
        if ws is None:
            return []
        stmt = sa.select(model_versions).where(_m.workspace_id == ws)
        if after is not None:
            stmt = stmt.where(sa.tuple_(_m.created_at, _m.version) < sa.tuple_(*after))
        stmt = stmt.order_by(_m.created_at.desc(), _m.version.desc()).limit(limit)
        return [_version(r) for r in await self.all(stmt)]


class SqlaPreferenceWeightRepository(Repository):
    def _of(self, workspace_id: str, user_id: str, version: str) -> sa.ColumnElement[bool]:
        return sa.and_(
            _w.workspace_id == uuid_or_none(workspace_id),
            _w.user_id == uuid_or_none(user_id),
            _w.model_version == version,
        )

    async def replace(
        self,
        workspace_id: str,
        user_id: str,
        version: str,
        weights: tuple[PreferenceWeight, ...],
        now: datetime,
    ) -> None:
        # Replaces of one (user, version) queue here: a second one's DELETE would not see
        # the rows the first inserts, and the two sets would mix.
        held = sa.literal(f"weights:{workspace_id}:{user_id}:") + version
        lock = sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(held, 0))
        await self.execute(sa.select(lock))
        await self.execute(
            preference_weights.delete().where(self._of(workspace_id, user_id, version))
        )
        if weights:
            rows = [
                {
                    "workspace_id": workspace_id,
                    "user_id": user_id,
                    "model_version": version,
                    "feature": w.feature,
                    "weight": w.weight,
                    "updated_at": now,
                }
                for w in weights
            ]
            await self.execute(insert(preference_weights), *rows)

    async def get(self, workspace_id: str, user_id: str, version: str) -> PreferenceWeights:
        stmt = (
            sa.select(_w.feature, _w.weight, _w.updated_at)
            .where(self._of(workspace_id, user_id, version))
            .order_by(_w.feature)
        )
        rows = await self.all(stmt)
        if not rows:
            return PreferenceWeights(version)
        weights = tuple(PreferenceWeight(r["feature"], r["weight"]) for r in rows)
        return PreferenceWeights(version, weights, max(r["updated_at"] for r in rows))

    async def latest_version(self, workspace_id: str, user_id: str) -> str | None:
        held = sa.exists().where(
            _w.workspace_id == _m.workspace_id,
            _w.model_version == _m.version,
            _w.user_id == uuid_or_none(user_id),
        )
        stmt = (
            sa.select(_m.version)
            .where(_m.workspace_id == uuid_or_none(workspace_id), held)
            .order_by(_m.created_at.desc(), _m.version.desc())
            .limit(1)
        )
        found = await self.scalar(stmt)
        return None if found is None else str(found)
