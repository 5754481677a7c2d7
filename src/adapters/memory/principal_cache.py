"""A bounded in-process cache of verified keys."""

from __future__ import annotations

from datetime import datetime

from domain.kernel.principal import Principal


class InMemoryPrincipalCache:
    def __init__(self, max_entries: int = 10_000) -> None:
        self._max = max_entries
        self._entries: dict[str, tuple[Principal, datetime]] = {}

    def get(self, key_digest: str, now: datetime) -> Principal | None:
        entry = self._entries.get(key_digest)
        if entry is None:
            return None
        if now >= entry[1]:
            self._entries.pop(key_digest, None)
            return None
        return entry[0]

    def put(self, key_digest: str, principal: Principal, until: datetime) -> None:
        if len(self._entries) >= self._max:
            self._entries.pop(next(iter(self._entries)))
        self._entries[key_digest] = (principal, until)

    def clear(self) -> None:
        self._entries.clear()
