"""What a call learned about its caller's standing, for the audit entry.

Use cases note the workspace they acted in and the caller's role there; the
entrypoint that writes the audit entry reads it back after the call.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass
class Standing:
    workspace_id: str | None = None
    roles: list[str] = field(default_factory=list)


_current: ContextVar[Standing | None] = ContextVar("audit_standing", default=None)


def begin() -> Standing:
    standing = Standing()
    _current.set(standing)
    return standing


def note(workspace_id: str, role: str | None) -> None:
    """Record the workspace a call acted in and the caller's role in it."""
    standing = _current.get()
    if standing is None:
        return
    standing.workspace_id = standing.workspace_id or workspace_id
    label = f"{role}@{workspace_id}" if role else None
    if label and label not in standing.roles:
        standing.roles.append(label)


def current() -> Standing:
    return _current.get() or Standing()
