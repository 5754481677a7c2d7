"""Workspaces' analytics retention in memory: days by workspace id."""

from __future__ import annotations

from typing import Any

TABLE = "analytics_retention"


class InMemoryRetentionSettings:
    def __init__(self, tables: dict[str, dict[Any, Any]]) -> None:
        self._t = tables[TABLE]

    async def get(self, workspace_id: str) -> int | None:
        days: int | None = self._t.get(workspace_id)
        return days

    async def put(self, workspace_id: str, days: int) -> None:
        self._t[workspace_id] = days
