"""An audit entry: one call, as it was made and as it ended."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class Outcome(enum.StrEnum):
    SUCCESS = "success"
    ERROR = "error"
    PERMISSION_DENIED = "permission_denied"
    UNAUTHENTICATED = "unauthenticated"
    INVALID = "invalid"

    @classmethod
    def of_status(cls, code_name: str) -> Outcome:
        """Classify a gRPC status code name ("OK", "NOT_FOUND", …)."""
        return _BY_CODE.get(code_name, cls.ERROR)


_BY_CODE = {
    "OK": Outcome.SUCCESS,
    "PERMISSION_DENIED": Outcome.PERMISSION_DENIED,
    "UNAUTHENTICATED": Outcome.UNAUTHENTICATED,
    "INVALID_ARGUMENT": Outcome.INVALID,
}


@dataclass(slots=True)
class AuditEntry:
    """`sequence`, `prev_hash` and `hash` are assigned by the store when it appends."""

    id: str
    occurred_at: datetime
    action: str
    outcome: Outcome
    status_code: str
    duration_ms: int
    user_id: str | None = None
    username: str | None = None
    roles: list[str] = field(default_factory=list)
    workspace_id: str | None = None
    resource: str | None = None
    peer_ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None
    request: dict[str, Any] = field(default_factory=dict)
    error_message: str | None = None
    sequence: int | None = None
    prev_hash: str | None = None
    hash: str | None = None
