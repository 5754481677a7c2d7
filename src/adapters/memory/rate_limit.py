"""A sliding-window failure limiter kept in process memory."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class InMemoryRateLimiter:
    """At most `max_failures` per key within `window_seconds`; then wait for the oldest to age."""

    def __init__(
        self,
        max_failures: int = 5,
        window_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
        per_prefix: dict[str, int] | None = None,
    ) -> None:
        """`per_prefix` sets other limits for keys like 'peer:...' (prefix 'peer')."""
        self._max = max_failures
        self._per_prefix = per_prefix or {}
        self._window = window_seconds
        self._clock = clock
        self._max_keys = max_keys
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        now = self._clock()
        hits = self._failures.get(key)
        if hits is None:
            return deque()
        while hits and now - hits[0] >= self._window:
            hits.popleft()
        if not hits:
            del self._failures[key]
        return hits

    def retry_after(self, key: str) -> float:
        hits = self._recent(key)
        if len(hits) < self._per_prefix.get(key.partition(":")[0], self._max):
            return 0.0
        return max(0.001, self._window - (self._clock() - hits[0]))

    def record_failure(self, key: str) -> None:
        hits = self._recent(key)
        if len(self._failures) >= self._max_keys and key not in self._failures:
            self._failures.pop(next(iter(self._failures)))
        hits.append(self._clock())
        self._failures[key] = hits

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)
