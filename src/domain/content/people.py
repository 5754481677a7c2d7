"""On whose behalf a content call acts: the caller, or (for an admin) another member."""

from __future__ import annotations

from domain.content.deps import reader
from domain.kernel.errors import NotFound, quoted
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.content import ContentUnitOfWork


async def acting_for(
    uow: ContentUnitOfWork,
    principal: Principal,
    workspace_id: str,
    user_ids: set[str],
    what: str,
    own: Role = Role.VIEWER,
) -> str:
    """The caller's id, once they may act for every one of `user_ids` ("" is the caller):
    themselves with the `own` role, other members as an admin; NOT_FOUND for a user who
    is not a member of the workspace."""
    actor = await reader(uow, principal, workspace_id)
    others = user_ids - {"", actor.user_id}
    actor.require(Role.ADMIN if others else own, f"{what} for another user" if others else what)
    for user_id in sorted(others):
        found = await uow.standings.role_in(workspace_id, user_id)
        if found is None or found.role is None:
            raise NotFound(f"user {quoted(user_id)} not found in the workspace")
    return actor.user_id
