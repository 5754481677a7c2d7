"""Memberships in memory: one per user and workspace."""

from __future__ import annotations

import copy
from typing import Any

from adapters.memory.identity.rows import Tables, after_key, require
from domain.identity.workspace import Membership, Workspace
from domain.kernel.errors import AlreadyExists
from domain.kernel.roles import Role
from ports.identity import MemberView


class InMemoryMembershipRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t = tables["members"]

    async def add(self, membership: Membership) -> None:
        key = (membership.workspace_id, membership.user_id)
        require(self._tables, "workspaces", membership.workspace_id, "workspace")
        require(self._tables, "users", membership.user_id, "user")
        if key in self._t:
            raise AlreadyExists("the user is already a member of this workspace", field="user_id")
        self._t[key] = copy.copy(membership)

    async def get(self, workspace_id: str, user_id: str) -> Membership | None:
        m = self._t.get((workspace_id, user_id))
        return copy.copy(m) if m else None

    async def update_role(self, membership: Membership) -> None:
        key = (membership.workspace_id, membership.user_id)
        if key in self._t:
            self._t[key] = copy.copy(membership)

    async def remove(self, workspace_id: str, user_id: str) -> None:
        self._t.pop((workspace_id, user_id), None)

    async def count_owners(self, workspace_id: str) -> int:
        return sum(
            1 for m in self._t.values() if m.workspace_id == workspace_id and m.role == Role.OWNER
        )

    async def roles_of(self, user_id: str) -> list[tuple[Workspace, Role]]:
        workspaces = self._tables["workspaces"]
        pairs = [
            (copy.copy(workspaces[m.workspace_id]), m.role)
            for m in self._t.values()
            if m.user_id == user_id
        ]
        return sorted(pairs, key=lambda p: p[0].id, reverse=True)

    async def list(
        self, workspace_id: str, role: Role | None, after: tuple[Any, ...] | None, limit: int
    ) -> list[MemberView]:
        users = self._tables["users"]
        rows = [
            m
            for m in self._t.values()
            if m.workspace_id == workspace_id and (role is None or m.role == role)
        ]
        rows = after_key(rows, lambda m: m.id, after, desc=False)[:limit]
        return [
            MemberView(
                copy.copy(m),
                users[m.user_id].email,
                users[m.user_id].username,
                users[m.user_id].name,
            )
            for m in rows
        ]
