"""The kernel's standings port over identity's tables (and its read-only cache)."""

from __future__ import annotations

from adapters.postgres.identity.members import SqlaMembershipRepository
from adapters.postgres.identity.workspaces import SqlaWorkspaceRepository
from adapters.postgres.infra.session import Session
from domain.kernel.roles import WorkspaceRole


class SqlaStandings:
    def __init__(self, session: Session) -> None:
        self._workspaces = SqlaWorkspaceRepository(session)
        self._members = SqlaMembershipRepository(session)

    async def role_in(
        self, workspace_id: str, user_id: str, *, lock: bool = False
    ) -> WorkspaceRole | None:
        if lock:
            if await self._workspaces.lock(workspace_id) is None:
                return None
            membership = await self._members.get(workspace_id, user_id)
            return WorkspaceRole(membership.role if membership else None)
        found = await self._workspaces.get_with_membership(workspace_id, user_id)
        if found is None:
            return None
        return WorkspaceRole(found[1].role if found[1] else None)
