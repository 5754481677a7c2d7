"""What the interceptor knows of a finished call, and who is told about it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from domain.kernel.principal import Principal


@dataclass(frozen=True, slots=True)
class CallFacts:
    method: str
    started_at: datetime
    duration_ms: int
    code: str  # gRPC status code name: "OK", "NOT_FOUND", …
    message: str
    request: Any
    response: Any
    principal: Principal | None
    peer: str
    forwarded_for: str
    user_agent: str
    request_id: str

    @property
    def ok(self) -> bool:
        return self.code == "OK"


class CallObserver(Protocol):
    def started(self, method: str) -> None: ...

    async def finished(self, facts: CallFacts) -> None:
        """May raise a DomainError: a successful call then fails with it (e.g. a
        write that could not be audited answers UNAVAILABLE)."""
        ...
