"""Ports of the shared kernel: what every context may ask of identity."""

from __future__ import annotations

from typing import Protocol

from domain.kernel.roles import WorkspaceRole


class Standings(Protocol):
    async def role_in(
        self, workspace_id: str, user_id: str, *, lock: bool = False
    ) -> WorkspaceRole | None:
        """The user's role in the workspace; None when there is no such workspace. `lock`
        serialises membership changes to the workspace until the unit of work ends."""
        ...


class HasStandings(Protocol):
    """A unit of work, as far as checking a caller's standing needs it."""

    standings: Standings
