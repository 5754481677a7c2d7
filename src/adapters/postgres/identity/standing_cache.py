"""Who stands where, remembered briefly: read-only work's workspace-and-membership reads.

Only memberships that exist are kept, so joining a workspace shows at once everywhere.
A unit of work that changed a workspace or a membership clears the cache when it commits:
on this instance the change shows at once, on others within `seconds` (the same bound as
verified API keys, STRATA_AUTH_CACHE_SECONDS). Writes never read from it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from domain.identity.workspace import Membership, Workspace

Standing = tuple[Workspace, Membership]


class StandingCache:
    def __init__(
        self,
        seconds: float,
        max_entries: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seconds = seconds
        self._max = max_entries
        self._clock = clock
        self._entries: dict[tuple[str, str], tuple[Standing, float]] = {}

    def get(self, workspace_id: str, user_id: str) -> Standing | None:
        entry = self._entries.get((workspace_id, user_id))
        if entry is None:
            return None
        if self._clock() >= entry[1]:
            self._entries.pop((workspace_id, user_id), None)
            return None
        return entry[0]

    def put(self, workspace_id: str, user_id: str, standing: Standing) -> None:
        if self._seconds <= 0:
            return
        if len(self._entries) >= self._max:
            self._entries.pop(next(iter(self._entries)))
        self._entries[(workspace_id, user_id)] = (standing, self._clock() + self._seconds)

    def clear(self) -> None:
        self._entries.clear()
