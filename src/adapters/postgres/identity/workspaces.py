"""Workspaces on PostgreSQL; with the caller's membership, from the standing cache in reads."""

from __future__ import annotations

import copy
from typing import Any

import sqlalchemy as sa

from adapters.postgres.identity.rows import membership_of, workspace_of
from adapters.postgres.identity.standing_cache import StandingCache
from adapters.postgres.identity.tables import memberships, workspaces
from adapters.postgres.infra.repository import Repository, after_key, uuid_or_none
from adapters.postgres.infra.statements import Constant
from domain.identity.workspace import Membership, Workspace
from domain.kernel.errors import Aborted
from domain.kernel.roles import Role
from ports.identity import WorkspaceView

_GET_WORKSPACE = Constant(sa.select(workspaces).where(workspaces.c.id == sa.bindparam("id")))
_MEMBER_LABELS = [memberships.c[c.name].label(f"m_{c.name}") for c in memberships.c]
_GET_WORKSPACE_WITH_MEMBERSHIP = Constant(
    sa.select(workspaces, *_MEMBER_LABELS)
    .outerjoin(
        memberships,
        sa.and_(
            memberships.c.workspace_id == workspaces.c.id,
            memberships.c.user_id == sa.bindparam("user_id"),
        ),
    )
    .where(workspaces.c.id == sa.bindparam("id"))
)


class SqlaWorkspaceRepository(Repository):
    async def add(self, workspace: Workspace) -> None:
        await self.execute(
            workspaces.insert().values(
                id=workspace.id,
                name=workspace.name,
                slug=workspace.slug,
                created_at=workspace.created_at,
                updated_at=workspace.updated_at,
                version=workspace.version,
            )
        )

    async def get(self, workspace_id: str) -> Workspace | None:
        key = uuid_or_none(workspace_id)
        row = await self.first(_GET_WORKSPACE, id=key) if key else None
        return workspace_of(row) if row else None

    async def get_with_membership(
        self, workspace_id: str, user_id: str
    ) -> tuple[Workspace, Membership | None] | None:
        key, user = uuid_or_none(workspace_id), uuid_or_none(user_id)
        if key is None:
            return None
        cache = self._s.standing if isinstance(self._s.standing, StandingCache) else None
        if cache is not None and user is not None and (hit := cache.get(key, user)):
            return copy.copy(hit[0]), copy.copy(hit[1])
        row = await self.first(_GET_WORKSPACE_WITH_MEMBERSHIP, id=key, user_id=user)
        if row is None:
            return None
        ws = workspace_of(row)
        if row["m_id"] is None:
            return ws, None
        membership = membership_of(row, "m_")
        if cache is not None and user is not None:
            cache.put(key, user, (copy.copy(ws), copy.copy(membership)))
        return ws, membership

    async def lock(self, workspace_id: str) -> Workspace | None:
        stmt = (
            sa.select(workspaces)
            .where(workspaces.c.id == uuid_or_none(workspace_id))
            .with_for_update()
        )
        row = await self.first(stmt)
        return workspace_of(row) if row else None

    async def update(self, workspace: Workspace, expected_version: int) -> None:
        stmt = (
            workspaces.update()
            .where(
                workspaces.c.id == uuid_or_none(workspace.id),
                workspaces.c.version == expected_version,
            )
            .values(name=workspace.name, slug=workspace.slug, version=workspace.version)
            .returning(workspaces.c.updated_at)
        )
        self._s.caches_changed()
        row = await self.first(stmt)
        if row is None:
            raise Aborted("the workspace changed concurrently; read it again")
        workspace.updated_at = row["updated_at"]

    async def delete(self, workspace_id: str) -> None:
        # Memberships and keys limited to the workspace go by ON DELETE CASCADE.
        self._s.caches_changed()
        await self.execute(workspaces.delete().where(workspaces.c.id == uuid_or_none(workspace_id)))

    async def list_for_user(
        self, user_id: str, after: tuple[Any, ...] | None, limit: int
    ) -> list[WorkspaceView]:
        stmt = (
            sa.select(workspaces, memberships.c.role)
            .join_from(workspaces, memberships, memberships.c.workspace_id == workspaces.c.id)
            .where(memberships.c.user_id == uuid_or_none(user_id))
        )
        if (key := after_key(after)) is not None:
            stmt = stmt.where(workspaces.c.id < key)
        stmt = stmt.order_by(workspaces.c.id.desc()).limit(limit)
        return [WorkspaceView(workspace_of(r), Role.parse(r["role"])) for r in await self.all(stmt)]
