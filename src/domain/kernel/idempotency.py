"""Creates retried with the same request id replay the first attempt's result."""

from __future__ import annotations

from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import fingerprint
from ports.idempotency import IdempotencyRecord
from ports.system import Clock
from ports.uow import UnitOfWork


class Idempotency:
    """Replays a create retried with the same request id (scoped to caller and verb)."""

    def __init__(self, uow: UnitOfWork, scope: str, request_id: str, request: dict[str, object]):
        self._uow = uow
        self._scope = scope
        self._request_id = request_id
        self._fingerprint = fingerprint(request)

    async def replayed_id(self, clock: Clock) -> str | None:
        """The first attempt's resource id, or None after claiming the request id for this
        attempt. A retry racing the first attempt waits for it and replays its result."""
        if not self._request_id:
            return None
        if len(self._request_id) > 128:
            raise InvalidArgument.of("request_id", "must be at most 128 characters")
        claim = IdempotencyRecord(self._scope, self._request_id, self._fingerprint, "", clock.now())
        record = await self._uow.idempotency.claim(claim)
        if record is None:
            return None
        if record.fingerprint != self._fingerprint:
            raise InvalidArgument.of("request_id", "was already used for a different request")
        return record.resource_id

    async def remember(self, resource_id: str, clock: Clock) -> None:
        if self._request_id:
            await self._uow.idempotency.settle(self._scope, self._request_id, resource_id)
