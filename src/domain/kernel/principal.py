"""The authenticated caller of a request, and what the key it used lets it do.

A key limited to one workspace acts only inside it: it sees no other workspace,
changes nothing of the account (profile, password, email, deactivation), creates
no workspaces, manages only keys limited to its workspace, and carries none of
its user's superuser powers. A key limited to job kinds is a worker key
(domain.kernel.worker_kinds).
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.kernel.errors import NotFound, PermissionDenied, quoted


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    email: str
    username: str | None
    user_is_superuser: bool  # the account's flag; what the call may do is `is_superuser`
    api_key_id: str
    key_workspace_id: str | None = None
    job_kinds: tuple[str, ...] = ()  # a worker key's kinds (domain.kernel.worker_kinds)

    @property
    def is_limited(self) -> bool:
        return self.key_workspace_id is not None

    @property
    def is_worker(self) -> bool:
        return bool(self.job_kinds)

    @property
    def is_superuser(self) -> bool:
        """Superuser powers need a superuser's key limited neither to a workspace nor to
        job kinds."""
        return self.user_is_superuser and not self.is_limited and not self.is_worker

    def require_superuser(self, what: str) -> None:
        if self.user_is_superuser and self.is_limited:
            limited = "this key is limited to a workspace"
            raise PermissionDenied(f"{what} is for superusers, and {limited}")
        if not self.is_superuser:
            worker = ", and this key is limited to job kinds" if self.is_worker else ""
            raise PermissionDenied(f"{what} is for superusers{worker}")

    def ensure_not_worker(self, what: str) -> None:
        if self.is_worker:
            raise PermissionDenied(f"{what} is not for a worker key (limited to job kinds)")

    def ensure_serves(self, kind: str, field: str) -> None:
        """A worker key touches only jobs of its kinds."""
        if self.is_worker and kind not in self.job_kinds:
            raise PermissionDenied(
                f"{field}: this key serves only {', '.join(self.job_kinds)}, not {quoted(kind)}",
                reason="JOB_KIND_NOT_SERVED",
                field=field,
            )

    def ensure_unlimited(self, what: str) -> None:
        if self.is_limited:
            raise PermissionDenied(f"{what} needs a key that is not limited to a workspace")

    def can_reach_workspace(self, workspace_id: str | None) -> bool:
        """A key limited to one workspace sees no other, nor anything outside workspaces."""
        return self.key_workspace_id is None or self.key_workspace_id == workspace_id

    def ensure_reaches(self, workspace_id: str) -> None:
        if not self.can_reach_workspace(workspace_id):
            raise NotFound(f"workspace {quoted(workspace_id)} not found")
