"""Memberships on PostgreSQL: who holds which role in a workspace."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from adapters.postgres.identity.rows import membership_of, workspace_of
from adapters.postgres.identity.tables import memberships, users, workspaces
from adapters.postgres.infra.repository import Repository, after_key, uuid_or_none
from adapters.postgres.infra.statements import Constant
from domain.identity.workspace import Membership, Workspace
from domain.kernel.roles import Role
from ports.identity import MemberView

_GET_MEMBERSHIP = Constant(
    sa.select(memberships).where(
        memberships.c.workspace_id == sa.bindparam("workspace_id"),
        memberships.c.user_id == sa.bindparam("user_id"),
    )
)
_ROLES_OF = Constant(
    sa.select(workspaces, memberships.c.role)
    .join_from(workspaces, memberships, memberships.c.workspace_id == workspaces.c.id)
    .where(memberships.c.user_id == sa.bindparam("user_id"))
    .order_by(workspaces.c.id.desc())
)


class SqlaMembershipRepository(Repository):
    async def add(self, membership: Membership) -> None:
        self._s.caches_changed()
        await self.execute(
            memberships.insert().values(
                id=membership.id,
                workspace_id=membership.workspace_id,
                user_id=membership.user_id,
                role=membership.role.label,
                created_at=membership.created_at,
                updated_at=membership.updated_at,
            )
        )

    @staticmethod
    def _pair(workspace_id: str, user_id: str) -> sa.ColumnElement[bool]:
        return sa.and_(
            memberships.c.workspace_id == uuid_or_none(workspace_id),
            memberships.c.user_id == uuid_or_none(user_id),
        )

    async def get(self, workspace_id: str, user_id: str) -> Membership | None:
        ws, user = uuid_or_none(workspace_id), uuid_or_none(user_id)
        if ws is None or user is None:
            return None
        row = await self.first(_GET_MEMBERSHIP, workspace_id=ws, user_id=user)
        return membership_of(row) if row else None

    async def update_role(self, membership: Membership) -> None:
        stmt = (
            memberships.update()
            .where(self._pair(membership.workspace_id, membership.user_id))
            .values(role=membership.role.label)
            .returning(memberships.c.updated_at)
        )
        self._s.caches_changed()
        row = await self.first(stmt)
        if row is not None:
            membership.updated_at = row["updated_at"]

    async def remove(self, workspace_id: str, user_id: str) -> None:
        self._s.caches_changed()
        await self.execute(memberships.delete().where(self._pair(workspace_id, user_id)))

    async def count_owners(self, workspace_id: str) -> int:
        stmt = (
            sa.select(sa.func.count())
            .select_from(memberships)
            .where(
                memberships.c.workspace_id == uuid_or_none(workspace_id),
                memberships.c.role == "owner",
            )
        )
        return int(await self.scalar(stmt))

    async def roles_of(self, user_id: str) -> list[tuple[Workspace, Role]]:
        key = uuid_or_none(user_id)
        rows = await self.all(_ROLES_OF, user_id=key) if key else []
        return [(workspace_of(r), Role.parse(r["role"])) for r in rows]

    async def list(
        self, workspace_id: str, role: Role | None, after: tuple[Any, ...] | None, limit: int
    ) -> list[MemberView]:
        stmt = (
            sa.select(memberships, users.c.email, users.c.username, users.c.name)
            .join_from(memberships, users, users.c.id == memberships.c.user_id)
            .where(memberships.c.workspace_id == uuid_or_none(workspace_id))
        )
        if role is not None:
            stmt = stmt.where(memberships.c.role == role.label)
        if (key := after_key(after)) is not None:
            stmt = stmt.where(memberships.c.id > key)
        stmt = stmt.order_by(memberships.c.id).limit(limit)
        return [
            MemberView(membership_of(r), r["email"], r["username"], r["name"])
            for r in await self.all(stmt)
        ]
