"""The caller's standing in a workspace, as every context checks it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from domain.kernel import standing
from domain.kernel.errors import InvalidArgument, NotFound, PermissionDenied, quoted
from domain.kernel.principal import Principal
from domain.kernel.roles import Role, WorkspaceRole

if TYPE_CHECKING:
    from ports.kernel import HasStandings


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting on a workspace: their role there, or a superuser."""

    user_id: str
    role: Role | None
    is_superuser: bool = False

    def require(self, needed: Role, what: str) -> None:
        if self.is_superuser:
            return
        if self.role is None or self.role < needed:
            raise PermissionDenied(f"{what} needs the {needed.label} role in this workspace")

    @property
    def effective_role(self) -> Role:
        return Role.OWNER if self.is_superuser else (self.role or Role.VIEWER)


def admit(principal: Principal, workspace_id: str, found: WorkspaceRole | None) -> Actor:
    """The caller as an actor in the workspace; NOT_FOUND when they have no standing there.

    Notes the workspace and role for the call's audit entry."""
    if found is None or (found.role is None and not principal.is_superuser):
        raise no_such_workspace(workspace_id)
    role = found.role
    standing.note(workspace_id, role.label if role else None)
    return Actor(principal.user_id, role, principal.is_superuser)


def no_such_workspace(workspace_id: str) -> NotFound:
    """What a caller without standing in a workspace hears: that it does not exist."""
    return NotFound(f"workspace {quoted(workspace_id)} not found")


def check_workspace_id(principal: Principal, workspace_id: str) -> None:
    if not workspace_id:
        raise InvalidArgument.of("workspace_id", "is required")
    principal.ensure_reaches(workspace_id)


async def actor_in(
    uow: HasStandings, principal: Principal, workspace_id: str, *, lock: bool = False
) -> Actor:
    """The caller's standing in a workspace; NOT_FOUND when they have none."""
    check_workspace_id(principal, workspace_id)
    found = await uow.standings.role_in(workspace_id, principal.user_id, lock=lock)
    return admit(principal, workspace_id, found)
