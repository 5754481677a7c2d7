"""The shared kernel's repositories in memory: idempotency records."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from domain.kernel.errors import AlreadyExists
from ports.idempotency import IdempotencyRecord

Tables = dict[str, dict[Any, Any]]
TABLES = ("idempotency",)


class InMemoryIdempotencyStore:
    def __init__(self, tables: Tables) -> None:
        self._t = tables["idempotency"]

    async def get(self, scope: str, request_id: str) -> IdempotencyRecord | None:
        record: IdempotencyRecord | None = self._t.get((scope, request_id))
        return record

    async def claim(self, record: IdempotencyRecord) -> IdempotencyRecord | None:
        found: IdempotencyRecord | None = self._t.get((record.scope, record.request_id))
        if found is None:
            self._t[(record.scope, record.request_id)] = record
        return found

    async def settle(self, scope: str, request_id: str, resource_id: str) -> None:
        self._t[(scope, request_id)] = replace(
            self._t[(scope, request_id)], resource_id=resource_id
        )

    async def put(self, record: IdempotencyRecord) -> None:
        key = (record.scope, record.request_id)
        if key in self._t:
            raise AlreadyExists(
                "this request id is being used by a concurrent request", field="request_id"
            )
        self._t[key] = record
