"""The authenticated caller of a request."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import NotFound, PermissionDenied


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    email: str
    username: str | None
    is_superuser: bool
    api_key_id: str
    key_workspace_id: str | None = None

    def require_superuser(self, what: str) -> None:
        if not self.is_superuser:
            raise PermissionDenied(f"{what} is for superusers")

    def can_reach_workspace(self, workspace_id: str) -> bool:
        """A key limited to one workspace sees no other."""
        return self.key_workspace_id is None or self.key_workspace_id == workspace_id

    def ensure_reaches(self, workspace_id: str) -> None:
        if not self.can_reach_workspace(workspace_id):
            raise NotFound(f"workspace {workspace_id} not found")
