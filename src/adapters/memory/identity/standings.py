"""The kernel's standings port over identity's in-memory tables."""

from __future__ import annotations

from adapters.memory.identity.rows import Tables
from domain.kernel.roles import WorkspaceRole


class InMemoryStandings:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables

    async def role_in(
        self, workspace_id: str, user_id: str, *, lock: bool = False
    ) -> WorkspaceRole | None:
        if workspace_id not in self._tables["workspaces"]:
            return None
        membership = self._tables["members"].get((workspace_id, user_id))
        return WorkspaceRole(membership.role if membership else None)
