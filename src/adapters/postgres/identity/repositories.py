"""Identity repositories on SQLAlchemy Core: one statement per call, no commits."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from adapters.postgres.identity.standing_cache import StandingCache
from adapters.postgres.identity.tables import api_keys, memberships, users, workspaces
from adapters.postgres.infra.repository import Lookup, Repository, after_key, uuid_or_none
from domain.identity.api_key import ApiKey
from domain.identity.user import User
from domain.identity.workspace import Membership, Workspace
from domain.kernel.access import Role
from domain.kernel.errors import Aborted
from ports.identity import MemberView, UserFilter, WorkspaceView

_USER_FIELDS = [c.name for c in users.c]
_USER_MUTABLE = [f for f in _USER_FIELDS if f not in ("id", "created_at", "updated_at")]
_KEY_FIELDS = [c.name for c in api_keys.c if c.name != "metadata"]
_USER_LABELS = [users.c[name].label(f"u_{name}") for name in _USER_FIELDS]
_GET_WITH_USER = (
    sa.select(*(api_keys.c[name] for name in _KEY_FIELDS), *_USER_LABELS)
    .join_from(api_keys, users, users.c.id == api_keys.c.user_id)
    .where(api_keys.c.public_id == sa.bindparam("public_id"))
)
_TOUCH = (
    api_keys.update()
    .where(api_keys.c.id == sa.bindparam("key_id"))
    .values(last_used_at=sa.bindparam("when"))
)


def _like_prefix(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _user(row: Mapping[Any, Any], prefix: str = "") -> User:
    return User(**{name: row[prefix + name] for name in _USER_FIELDS})


def _key(row: Mapping[Any, Any]) -> ApiKey:
    return ApiKey(**{name: row[name] for name in _KEY_FIELDS})


def _workspace(row: Mapping[Any, Any]) -> Workspace:
    return Workspace(
        row["id"], row["name"], row["slug"], row["created_at"], row["updated_at"], row["version"]
    )


def _membership(row: Mapping[Any, Any], prefix: str = "") -> Membership:
    return Membership(
        row[f"{prefix}id"],
        row[f"{prefix}workspace_id"],
        row[f"{prefix}user_id"],
        Role.parse(row[f"{prefix}role"]),
        row[f"{prefix}created_at"],
        row[f"{prefix}updated_at"],
    )


_GET_USER = Lookup(sa.select(users).where(users.c.id == sa.bindparam("id")))
_GET_WORKSPACE = Lookup(sa.select(workspaces).where(workspaces.c.id == sa.bindparam("id")))
_GET_MEMBERSHIP = Lookup(
    sa.select(memberships).where(
        memberships.c.workspace_id == sa.bindparam("workspace_id"),
        memberships.c.user_id == sa.bindparam("user_id"),
    )
)
_MEMBER_LABELS = [memberships.c[c.name].label(f"m_{c.name}") for c in memberships.c]
_GET_WORKSPACE_WITH_MEMBERSHIP = Lookup(
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
_GET_KEY = Lookup(sa.select(api_keys).where(api_keys.c.id == sa.bindparam("id")))
_GET_WITH_USER_LOOKUP = Lookup(_GET_WITH_USER)
_ROLES_OF = Lookup(
    sa.select(workspaces, memberships.c.role)
    .join_from(workspaces, memberships, memberships.c.workspace_id == workspaces.c.id)
    .where(memberships.c.user_id == sa.bindparam("user_id"))
    .order_by(workspaces.c.id.desc())
)


class SqlaUserRepository(Repository):
    async def add(self, user: User) -> None:
        await self._rows(users.insert().values({f: getattr(user, f) for f in _USER_FIELDS}))

    async def get(self, user_id: str) -> User | None:
        key = uuid_or_none(user_id)
        row = await self._lookup(_GET_USER, id=key) if key else None
        return _user(row) if row else None

    async def get_by_email(self, email: str) -> User | None:
        stmt = sa.select(users).where(sa.func.lower(users.c.email) == email.lower())
        row = await self._first(stmt)
        return _user(row) if row else None

    async def get_by_oauth(self, provider: str, subject: str) -> User | None:
        stmt = sa.select(users).where(
            users.c.oauth_provider == provider, users.c.oauth_subject == subject
        )
        row = await self._first(stmt)
        return _user(row) if row else None

    async def update(self, user: User, expected_version: int) -> None:
        self._s.caches_changed()
        values = {f: getattr(user, f) for f in _USER_MUTABLE}
        stmt = (
            users.update()
            .where(users.c.id == uuid_or_none(user.id), users.c.version == expected_version)
            .values(values)
            .returning(users.c.updated_at)
        )
        row = await self._first(stmt)
        if row is None:
            raise Aborted("the user changed concurrently; read it again")
        user.updated_at = row["updated_at"]

    async def set_last_login(self, user_id: str, when: datetime) -> None:
        stmt = users.update().where(users.c.id == uuid_or_none(user_id)).values(last_login_at=when)
        await self._rows(stmt)

    @staticmethod
    def _where(filt: UserFilter) -> list[sa.ColumnElement[bool]]:
        clauses = []
        if filt.is_active is not None:
            clauses.append(users.c.is_active == filt.is_active)
        if filt.email_prefix:
            clauses.append(users.c.email.like(_like_prefix(filt.email_prefix), escape="\\"))
        return clauses

    async def list(
        self, filt: UserFilter, after: tuple[Any, ...] | None, limit: int, offset: int = 0
    ) -> list[User]:
        stmt = sa.select(users).where(*self._where(filt))
        if (key := after_key(after)) is not None:
            stmt = stmt.where(users.c.id < key)
        stmt = stmt.order_by(users.c.id.desc()).limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        return [_user(row) for row in await self._rows(stmt)]

    async def count(self, filt: UserFilter) -> int:
        stmt = sa.select(sa.func.count()).select_from(users).where(*self._where(filt))
        return int(await self._scalar(stmt))


class SqlaWorkspaceRepository(Repository):
    async def add(self, workspace: Workspace) -> None:
        await self._rows(
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
        row = await self._lookup(_GET_WORKSPACE, id=key) if key else None
        return _workspace(row) if row else None

    async def get_with_membership(
        self, workspace_id: str, user_id: str
    ) -> tuple[Workspace, Membership | None] | None:
        key, user = uuid_or_none(workspace_id), uuid_or_none(user_id)
        if key is None:
            return None
        cache = self._s.standing if isinstance(self._s.standing, StandingCache) else None
        if cache is not None and user is not None and (hit := cache.get(key, user)):
            return copy.copy(hit[0]), copy.copy(hit[1])
        row = await self._lookup(_GET_WORKSPACE_WITH_MEMBERSHIP, id=key, user_id=user)
        if row is None:
            return None
        ws = _workspace(row)
        if row["m_id"] is None:
            return ws, None
        membership = _membership(row, "m_")
        if cache is not None and user is not None:
            cache.put(key, user, (copy.copy(ws), copy.copy(membership)))
        return ws, membership

    async def lock(self, workspace_id: str) -> Workspace | None:
        stmt = (
            sa.select(workspaces)
            .where(workspaces.c.id == uuid_or_none(workspace_id))
            .with_for_update()
        )
        row = await self._first(stmt)
        return _workspace(row) if row else None

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
        row = await self._first(stmt)
        if row is None:
            raise Aborted("the workspace changed concurrently; read it again")
        workspace.updated_at = row["updated_at"]

    async def delete(self, workspace_id: str) -> None:
        # Memberships and keys limited to the workspace go by ON DELETE CASCADE.
        self._s.caches_changed()
        await self._rows(workspaces.delete().where(workspaces.c.id == uuid_or_none(workspace_id)))

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
        return [WorkspaceView(_workspace(r), Role.parse(r["role"])) for r in await self._rows(stmt)]


class SqlaMembershipRepository(Repository):
    async def add(self, membership: Membership) -> None:
        self._s.caches_changed()
        await self._rows(
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
        row = await self._lookup(_GET_MEMBERSHIP, workspace_id=ws, user_id=user)
        return _membership(row) if row else None

    async def update_role(self, membership: Membership) -> None:
        stmt = (
            memberships.update()
            .where(self._pair(membership.workspace_id, membership.user_id))
            .values(role=membership.role.label)
            .returning(memberships.c.updated_at)
        )
        self._s.caches_changed()
        row = await self._first(stmt)
        if row is not None:
            membership.updated_at = row["updated_at"]

    async def remove(self, workspace_id: str, user_id: str) -> None:
        self._s.caches_changed()
        await self._rows(memberships.delete().where(self._pair(workspace_id, user_id)))

    async def count_owners(self, workspace_id: str) -> int:
        stmt = (
            sa.select(sa.func.count())
            .select_from(memberships)
            .where(
                memberships.c.workspace_id == uuid_or_none(workspace_id),
                memberships.c.role == "owner",
            )
        )
        return int(await self._scalar(stmt))

    async def roles_of(self, user_id: str) -> list[tuple[Workspace, Role]]:
        key = uuid_or_none(user_id)
        rows = await self._lookup_all(_ROLES_OF, user_id=key) if key else []
        return [(_workspace(r), Role.parse(r["role"])) for r in rows]

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
            MemberView(_membership(r), r["email"], r["username"], r["name"])
            for r in await self._rows(stmt)
        ]


class SqlaApiKeyRepository(Repository):
    async def add(self, key: ApiKey) -> None:
        await self._rows(api_keys.insert().values({f: getattr(key, f) for f in _KEY_FIELDS}))

    async def get(self, key_id: str) -> ApiKey | None:
        key = uuid_or_none(key_id)
        row = await self._lookup(_GET_KEY, id=key) if key else None
        return _key(row) if row else None

    async def get_by_public_id(self, public_id: str) -> ApiKey | None:
        row = await self._first(sa.select(api_keys).where(api_keys.c.public_id == public_id))
        return _key(row) if row else None

    async def get_with_user(self, public_id: str) -> tuple[ApiKey, User] | None:
        row = await self._lookup(_GET_WITH_USER_LOOKUP, public_id=public_id)
        return (_key(row), _user(row, "u_")) if row else None

    async def save(self, key: ApiKey) -> None:
        self._s.caches_changed()
        values = {f: getattr(key, f) for f in _KEY_FIELDS if f != "id"}
        await self._rows(
            api_keys.update().where(api_keys.c.id == uuid_or_none(key.id)).values(values)
        )

    async def touch(self, key_id: str, when: datetime) -> None:
        await self._rows(_TOUCH, key_id=uuid_or_none(key_id), when=when)

    async def revoke_all_for_user(self, user_id: str, when: datetime) -> None:
        self._s.caches_changed()
        stmt = (
            api_keys.update()
            .where(api_keys.c.user_id == uuid_or_none(user_id), api_keys.c.revoked_at.is_(None))
            .values(revoked_at=when)
        )
        await self._rows(stmt)

    async def list(
        self,
        user_id: str | None,
        workspace_id: str | None,
        include_revoked: bool,
        now: datetime,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[ApiKey]:
        stmt = sa.select(api_keys)
        if user_id is not None:
            stmt = stmt.where(api_keys.c.user_id == uuid_or_none(user_id))
        if workspace_id is not None:
            stmt = stmt.where(api_keys.c.workspace_id == uuid_or_none(workspace_id))
        if not include_revoked:
            stmt = stmt.where(
                api_keys.c.revoked_at.is_(None),
                sa.or_(api_keys.c.expires_at.is_(None), api_keys.c.expires_at > now),
            )
        if (key := after_key(after)) is not None:
            stmt = stmt.where(api_keys.c.id < key)
        stmt = stmt.order_by(api_keys.c.id.desc()).limit(limit)
        return [_key(row) for row in await self._rows(stmt)]
