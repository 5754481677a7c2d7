"""Who stands where: a workspace with the user's membership, which identity's use cases
load and which answers the kernel's Standings port for every other context."""

from __future__ import annotations

from domain.identity.workspace import Membership, Workspace
from domain.kernel.roles import WorkspaceRole
from ports.identity import MembershipRepository, WorkspaceRepository


class WorkspaceStandings:
    def __init__(self, workspaces: WorkspaceRepository, members: MembershipRepository) -> None:
        self._workspaces = workspaces
        self._members = members

    async def of(
        self, workspace_id: str, user_id: str, *, lock: bool = False
    ) -> tuple[Workspace, Membership | None] | None:
        """The workspace and the user's membership in it; None: no such workspace. `lock`
        serialises membership changes to the workspace until the unit of work ends."""
        if not lock:
            return await self._workspaces.get_with_membership(workspace_id, user_id)
        ws = await self._workspaces.lock(workspace_id)
        return None if ws is None else (ws, await self._members.get(workspace_id, user_id))

    async def role_in(
        self, workspace_id: str, user_id: str, *, lock: bool = False
    ) -> WorkspaceRole | None:
        found = await self.of(workspace_id, user_id, lock=lock)
        if found is None:
            return None
        membership = found[1]
        return WorkspaceRole(membership.role if membership else None)
