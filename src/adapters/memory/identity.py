"""In-memory identity repositories that honour the same contract as PostgreSQL's."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime
from typing import Any

from domain.errors import Aborted, AlreadyExists, NotFound
from domain.identity.api_key import ApiKey
from domain.identity.user import User
from domain.identity.values import Role
from domain.identity.workspace import Membership, Workspace
from ports.idempotency import IdempotencyRecord
from ports.identity import MemberView, UserFilter, WorkspaceView

Tables = dict[str, dict[Any, Any]]


def _require(tables: Tables, table: str, key: Any, what: str) -> None:
    """What a foreign key does: the referenced row must exist."""
    if key not in tables[table]:
        raise NotFound(f"the referenced {what} was not found")


def _after(rows: list[Any], key: Any, after: tuple[Any, ...] | None, desc: bool) -> list[Any]:
    rows.sort(key=key, reverse=desc)
    if after is None:
        return rows
    return [r for r in rows if (key(r) < after[0] if desc else key(r) > after[0])]


class InMemoryUserRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables["users"]

    def _check_unique(self, user: User) -> None:
        for other in self._t.values():
            if other.id == user.id:
                continue
            if other.email.lower() == user.email.lower():
                raise AlreadyExists(f"a user with email {user.email} already exists", field="email")
            if user.username and (other.username or "").lower() == user.username.lower():
                raise AlreadyExists(f"username {user.username} is taken", field="username")
            oauth = (user.oauth_provider, user.oauth_subject)
            if None not in oauth and (other.oauth_provider, other.oauth_subject) == oauth:
                raise AlreadyExists(
                    "a user with this OAuth identity already exists", field="oauth_subject"
                )

    async def add(self, user: User) -> None:
        self._check_unique(user)
        self._t[user.id] = copy.deepcopy(user)

    async def get(self, user_id: str) -> User | None:
        user = self._t.get(user_id)
        return copy.deepcopy(user) if user else None

    async def get_by_email(self, email: str) -> User | None:
        found = next((u for u in self._t.values() if u.email.lower() == email.lower()), None)
        return copy.deepcopy(found) if found else None

    async def get_by_oauth(self, provider: str, subject: str) -> User | None:
        wanted = (provider, subject)
        found = next(
            (u for u in self._t.values() if (u.oauth_provider, u.oauth_subject) == wanted), None
        )
        return copy.deepcopy(found) if found else None

    async def update(self, user: User, expected_version: int) -> None:
        stored = self._t.get(user.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the user changed concurrently; read it again")
        self._check_unique(user)
        self._t[user.id] = copy.deepcopy(user)

    async def set_last_login(self, user_id: str, when: datetime) -> None:
        if user_id in self._t:
            self._t[user_id] = replace(self._t[user_id], last_login_at=when)

    def _filtered(self, filt: UserFilter) -> list[User]:
        return [
            u
            for u in self._t.values()
            if (filt.is_active is None or u.is_active == filt.is_active)
            and u.email.startswith(filt.email_prefix)
        ]

    async def list(
        self, filt: UserFilter, after: tuple[Any, ...] | None, limit: int, offset: int = 0
    ) -> list[User]:
        rows = _after(self._filtered(filt), lambda u: u.id, after, desc=True)
        return [copy.deepcopy(u) for u in rows[offset : offset + limit]]

    async def count(self, filt: UserFilter) -> int:
        return len(self._filtered(filt))


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
        for name in ("api_keys", "documents", "chunks", "evaluations"):
            table = self._tables.get(name, {})
            for row_id in [k for k, v in table.items() if v.workspace_id == workspace_id]:
                del table[row_id]

    async def list_for_user(
        self, user_id: str, after: tuple[Any, ...] | None, limit: int
    ) -> list[WorkspaceView]:
        mine = [m for m in self._tables["members"].values() if m.user_id == user_id]
        views = [WorkspaceView(copy.copy(self._t[m.workspace_id]), m.role) for m in mine]
        return _after(views, lambda v: v.workspace.id, after, desc=True)[:limit]


class InMemoryMembershipRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t = tables["members"]

    async def add(self, membership: Membership) -> None:
        key = (membership.workspace_id, membership.user_id)
        _require(self._tables, "workspaces", membership.workspace_id, "workspace")
        _require(self._tables, "users", membership.user_id, "user")
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
        rows = _after(rows, lambda m: m.id, after, desc=False)[:limit]
        return [
            MemberView(
                copy.copy(m),
                users[m.user_id].email,
                users[m.user_id].username,
                users[m.user_id].name,
            )
            for m in rows
        ]


class InMemoryApiKeyRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t = tables["api_keys"]

    async def add(self, key: ApiKey) -> None:
        _require(self._tables, "users", key.user_id, "user")
        if key.workspace_id is not None:
            _require(self._tables, "workspaces", key.workspace_id, "workspace")
        if any(k.public_id == key.public_id for k in self._t.values()):
            raise AlreadyExists("an API key with this public id already exists", field="public_id")
        if any(k.key_hash == key.key_hash for k in self._t.values()):
            raise AlreadyExists("an API key with this hash already exists", field="key_hash")
        self._t[key.id] = copy.copy(key)

    async def get(self, key_id: str) -> ApiKey | None:
        key = self._t.get(key_id)
        return copy.copy(key) if key else None

    async def get_by_public_id(self, public_id: str) -> ApiKey | None:
        found = next((k for k in self._t.values() if k.public_id == public_id), None)
        return copy.copy(found) if found else None

    async def get_with_user(self, public_id: str) -> tuple[ApiKey, User] | None:
        key = await self.get_by_public_id(public_id)
        user = self._tables["users"].get(key.user_id) if key else None
        return (key, copy.deepcopy(user)) if key and user else None

    async def save(self, key: ApiKey) -> None:
        if key.id in self._t:
            self._t[key.id] = copy.copy(key)

    async def touch(self, key_id: str, when: datetime) -> None:
        if key_id in self._t:
            self._t[key_id] = replace(self._t[key_id], last_used_at=when)

    async def revoke_all_for_user(self, user_id: str, when: datetime) -> None:
        for key_id, key in list(self._t.items()):
            if key.user_id == user_id and key.revoked_at is None:
                self._t[key_id] = replace(key, revoked_at=when)

    async def list(
        self,
        user_id: str | None,
        workspace_id: str | None,
        include_revoked: bool,
        now: datetime,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[ApiKey]:
        rows = [
            k
            for k in self._t.values()
            if (user_id is None or k.user_id == user_id)
            and (workspace_id is None or k.workspace_id == workspace_id)
            and (include_revoked or k.is_active(now))
        ]
        return [copy.copy(k) for k in _after(rows, lambda k: k.id, after, desc=True)[:limit]]


class InMemoryIdempotencyStore:
    def __init__(self, tables: Tables) -> None:
        self._t = tables["idempotency"]

    async def get(self, scope: str, request_id: str) -> IdempotencyRecord | None:
        record: IdempotencyRecord | None = self._t.get((scope, request_id))
        return record

    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        found: IdempotencyRecord | None = self._t.get((record.scope, record.request_id))
        if found is None:
            self._t[(record.scope, record.request_id)] = record
        return found

    async def settle(self, scope: str, request_id: str, resource_id: str) -> None:
        self._t[(scope, request_id)] = replace(
            self._t[(scope, request_id)], resource_id=resource_id
        )

    async def put(self, record: IdempotencyRecord) -> None:
        key = (record.scope, record.request_id)
        if key in self._t:
            raise AlreadyExists(
                "this request id is being used by a concurrent request", field="request_id"
            )
        self._t[key] = record
