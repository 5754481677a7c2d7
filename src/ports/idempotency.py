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

    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        """Store `record` (its resource id still empty) unless its scope and request id
        are taken. A claim racing another's waits until that one's unit of work ends:
        returns the record that was there (the first attempt's), or None when this
        claim now holds the request id."""
        ...

    async def settle(self, scope: str, request_id: str, resource_id: str) -> None:
        """Name the resource a claimed request id created, in the same unit of work."""
        ...

    async def put(self, record: IdempotencyRecord) -> None:
        """Stored in the same unit of work as the resource it names; a
        concurrent duplicate raises AlreadyExists."""
        ...
