"""Idempotency records: a create retried with the same request id returns the first result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class IdempotencyRecord:
    scope: str
    request_id: str
    fingerprint: str
    resource_id: str
    created_at: datetime


class IdempotencyStore(Protocol):
    async def get(self, scope: str, request_id: str) -> IdempotencyRecord | None: ...

    async def put(self, record: IdempotencyRecord) -> None:
        """Stored in the same unit of work as the resource it names; a
        concurrent duplicate raises AlreadyExists."""
        ...
