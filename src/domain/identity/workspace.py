"""Workspaces, memberships and the rules of the role ladder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.kernel.access import Actor
from domain.kernel.errors import FailedPrecondition, PermissionDenied
from domain.kernel.roles import Role
from domain.kernel.versions import check_etag, etag_for


@dataclass(slots=True)
class Workspace:
    id: str
    name: str
    slug: str
    created_at: datetime
    updated_at: datetime
    version: int = 1

    @property
    def etag(self) -> str:
        return etag_for(self.id, self.version)

    def check_etag(self, etag: str) -> None:
        check_etag(self.id, self.version, etag)

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1


@dataclass(slots=True)
class Membership:
    id: str
    workspace_id: str
    user_id: str
    role: Role
    created_at: datetime
    updated_at: datetime


def check_grant(actor: Actor, target_current: Role | None, target_new: Role | None) -> None:
    """Admins manage members up to admin; only owners touch the owner role."""
    actor.require(Role.ADMIN, "managing members")
    touches_owner = Role.OWNER in (target_current, target_new)
    if touches_owner and actor.effective_role < Role.OWNER:
        raise PermissionDenied("only an owner can grant, change or remove the owner role")


def check_owner_remains(current: Role, new: Role | None, owner_count: int) -> None:
    """A workspace always keeps at least one owner."""
    if current == Role.OWNER and new != Role.OWNER and owner_count <= 1:
        raise FailedPrecondition(
            "a workspace must keep at least one owner; make someone else owner first",
            reason="LAST_OWNER",
        )
