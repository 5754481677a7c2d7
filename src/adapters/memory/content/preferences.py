"""Model versions and preference weights in memory."""

from __future__ import annotations

from typing import Any

from domain.content.preference_model import ModelVersion, PreferenceWeight, PreferenceWeights
from domain.kernel.errors import NotFound
from ports.content.digests import ModelVersionKey

Tables = dict[str, dict[Any, Any]]
_Weights = dict[tuple[str, str, str], PreferenceWeights]  # (workspace, user, version)


class InMemoryModelVersionRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[tuple[str, str], ModelVersion] = tables["model_versions"]

    async def add(self, version: ModelVersion) -> ModelVersion:
        if version.workspace_id not in self._tables["workspaces"]:
            raise NotFound("the referenced workspace was not found")
        return self._t.setdefault((version.workspace_id, version.version), version)

    async def get(self, workspace_id: str, version: str) -> ModelVersion | None:
        return self._t.get((workspace_id, version))

    async def find(
        self, workspace_id: str, after: ModelVersionKey | None, limit: int
    ) -> list[ModelVersion]:
        rows = sorted(
            (
                m
                for m in self._t.values()
                if m.workspace_id == workspace_id
                and (after is None or (m.created_at, m.version) < after)
            ),
            key=lambda m: (m.created_at, m.version),
            reverse=True,
        )
        return rows[:limit]


class InMemoryPreferenceWeightRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: _Weights = tables["preference_weights"]

    async def replace(
        self,
        workspace_id: str,
        user_id: str,
        version: str,
        weights: tuple[PreferenceWeight, ...],
        now: Any,
    ) -> None:
        if (workspace_id, version) not in self._tables["model_versions"]:
            raise NotFound("the referenced model version was not found")
        key = (workspace_id, user_id, version)
        self._t.pop(key, None)
        if weights:
            ordered = tuple(sorted(weights, key=lambda w: w.feature))
            self._t[key] = PreferenceWeights(version, ordered, now)

    async def get(self, workspace_id: str, user_id: str, version: str) -> PreferenceWeights:
        return self._t.get((workspace_id, user_id, version)) or PreferenceWeights(version)

    async def latest_version(self, workspace_id: str, user_id: str) -> str | None:
        versions = self._tables["model_versions"]
        held = [versions[(ws, v)] for (ws, u, v) in self._t if (ws, u) == (workspace_id, user_id)]
        newest = max(held, key=lambda m: (m.created_at, m.version), default=None)
        return newest.version if newest else None
