"""Workspaces in memory: unique slugs, deletes that cascade."""

from __future__ import annotations

import copy
from typing import Any

from adapters.memory.identity.rows import Tables, after_key
from domain.identity.workspace import Membership, Workspace
from domain.kernel.errors import Aborted, AlreadyExists
from ports.identity import WorkspaceView


class InMemoryWorkspaceRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t = tables["workspaces"]

    def _check_unique(self, ws: Workspace) -> None:
        if any(o.slug == ws.slug and o.id != ws.id for o in self._t.values()):
            raise AlreadyExists(f"slug {ws.slug} is taken", field="slug")

    async def add(self, workspace: Workspace) -> None:
        self._check_unique(workspace)
        self._t[workspace.id] = copy.copy(workspace)

    async def get(self, workspace_id: str) -> Workspace | None:
        ws = self._t.get(workspace_id)
        return copy.copy(ws) if ws else None

    async def get_with_membership(
        self, workspace_id: str, user_id: str
    ) -> tuple[Workspace, Membership | None] | None:
        ws = await self.get(workspace_id)
        if ws is None:
            return None
        membership = self._tables["members"].get((workspace_id, user_id))
        return ws, copy.copy(membership) if membership else None

    async def lock(self, workspace_id: str) -> Workspace | None:
        return await self.get(workspace_id)

    async def update(self, workspace: Workspace, expected_version: int) -> None:
        stored = self._t.get(workspace.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the workspace changed concurrently; read it again")
        self._check_unique(workspace)
        self._t[workspace.id] = copy.copy(workspace)

    async def delete(self, workspace_id: str) -> None:
        self._t.pop(workspace_id, None)
        members = self._tables["members"]
        for key in [k for k, m in members.items() if m.workspace_id == workspace_id]:
            del members[key]
        for name in ("api_keys", "documents", "chunks", "evaluations", "threads", "messages"):
            table = self._tables.get(name, {})
            for row_id in [k for k, v in table.items() if v.workspace_id == workspace_id]:
                del table[row_id]

    async def list_for_user(
        self, user_id: str, after: tuple[Any, ...] | None, limit: int
    ) -> list[WorkspaceView]:
        mine = [m for m in self._tables["members"].values() if m.user_id == user_id]
        views = [WorkspaceView(copy.copy(self._t[m.workspace_id]), m.role) for m in mine]
        return after_key(views, lambda v: v.workspace.id, after, desc=True)[:limit]
