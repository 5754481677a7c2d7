"""Repositories of the identity context.

Rules every adapter keeps:
- `add` raises AlreadyExists naming the field when a unique value is taken
  (email and username case-insensitively, slug, key public id).
- `update` writes only if the stored version is `expected_version`, then
  stores the entity's new version; otherwise it raises Aborted.
- `get*` return None when absent; they never raise NotFound.
- Lists return at most `limit` rows in the documented order, starting after
  the `after` key when it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.identity.api_key import ApiKey
from domain.identity.user import User
from domain.identity.workspace import Membership, Workspace
from domain.kernel.roles import Role
from ports.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class UserFilter:
    is_active: bool | None = None
    email_prefix: str = ""


@dataclass(frozen=True, slots=True)
class MemberView:
    """A membership joined with the member's user fields."""

    membership: Membership
    email: str
    username: str | None
    name: str


@dataclass(frozen=True, slots=True)
class WorkspaceView:
    workspace: Workspace
    role: Role


class UserRepository(Protocol):
    async def add(self, user: User) -> None: ...
    async def get(self, user_id: str) -> User | None: ...
    async def get_by_email(self, email: str) -> User | None: ...
    async def get_by_oauth(self, provider: str, subject: str) -> User | None: ...
    async def update(self, user: User, expected_version: int) -> None: ...
    async def set_last_login(self, user_id: str, when: datetime) -> None: ...

    async def list(
        self, filt: UserFilter, after: tuple[Any, ...] | None, limit: int, offset: int = 0
    ) -> list[User]:
        """Newest first (id descending); the key of a row is (id,)."""
        ...

    async def count(self, filt: UserFilter) -> int: ...


class WorkspaceRepository(Protocol):
    async def add(self, workspace: Workspace) -> None: ...
    async def get(self, workspace_id: str) -> Workspace | None: ...

    async def get_with_membership(
        self, workspace_id: str, user_id: str
    ) -> tuple[Workspace, Membership | None] | None:
        """The workspace and the user's membership in it, read at once; None: no workspace."""
        ...

    async def lock(self, workspace_id: str) -> Workspace | None:
        """Like get, and serialises membership changes until the unit of work ends."""
        ...

    async def update(self, workspace: Workspace, expected_version: int) -> None: ...

    async def delete(self, workspace_id: str) -> None:
        """Removes the workspace and everything in it (memberships, keys limited to it)."""
        ...

    async def list_for_user(
        self, user_id: str, after: tuple[Any, ...] | None, limit: int
    ) -> list[WorkspaceView]:
        """The user's workspaces, newest first; the key of a row is (workspace id,)."""
        ...


class MembershipRepository(Protocol):
    async def add(self, membership: Membership) -> None: ...
    async def get(self, workspace_id: str, user_id: str) -> Membership | None: ...
    async def update_role(self, membership: Membership) -> None: ...
    async def remove(self, workspace_id: str, user_id: str) -> None: ...
    async def count_owners(self, workspace_id: str) -> int: ...
    async def roles_of(self, user_id: str) -> list[tuple[Workspace, Role]]: ...

    async def list(
        self, workspace_id: str, role: Role | None, after: tuple[Any, ...] | None, limit: int
    ) -> list[MemberView]:
        """Oldest membership first; the key of a row is (membership id,)."""
        ...


class ApiKeyRepository(Protocol):
    async def add(self, key: ApiKey) -> None: ...
    async def get(self, key_id: str) -> ApiKey | None: ...
    async def get_by_public_id(self, public_id: str) -> ApiKey | None: ...

    async def get_with_user(self, public_id: str) -> tuple[ApiKey, User] | None:
        """The key and its owner in one read: the authentication hot path."""
        ...

    async def save(self, key: ApiKey) -> None: ...
    async def touch(self, key_id: str, when: datetime) -> None: ...

    async def revoke_all_for_user(self, user_id: str, when: datetime) -> None:
        """Revokes every key of the user that is not revoked yet."""
        ...

    async def list(
        self,
        user_id: str | None,
        workspace_id: str | None,
        include_revoked: bool,
        now: datetime,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[ApiKey]:
        """Newest first; filters combine; the key of a row is (id,)."""
        ...


class IdentityUnitOfWork(UnitOfWork, Protocol):
    users: UserRepository
    workspaces: WorkspaceRepository
    members: MembershipRepository
    api_keys: ApiKeyRepository
