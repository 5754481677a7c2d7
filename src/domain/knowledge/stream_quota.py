"""How many client streams may hold a write transaction at once, per caller and in all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from domain.kernel.errors import ResourceExhausted


class StreamQuota:
    """An open stream holds a pooled connection and a transaction for as long as its
    client takes: no caller may hold more than `per_caller` of them, and all callers
    together no more than `total`. A stream over either bound is refused at once
    (RESOURCE_EXHAUSTED), before it takes a connection."""

    def __init__(self, per_caller: int, total: int, retry_after_seconds: float = 1.0) -> None:
        self.per_caller = per_caller
        self.total = total
        self._retry_after = retry_after_seconds
        self._open: Counter[str] = Counter()

    @property
    def open(self) -> int:
        return sum(self._open.values())

    def held_by(self, caller: str) -> int:
        return self._open[caller]

    @contextmanager
    def admit(self, caller: str) -> Iterator[None]:
        """Hold one slot for `caller` while the block runs."""
        if self._open[caller] >= self.per_caller:
            raise ResourceExhausted(
                f"at most {self.per_caller} open streams per caller: finish one first",
                retry_after_seconds=self._retry_after,
            )
        if self.open >= self.total:
            raise ResourceExhausted(
                f"the server holds its most open streams ({self.total}); retry shortly",
                retry_after_seconds=self._retry_after,
            )
        self._open[caller] += 1
        try:
            yield
        finally:
            self._open[caller] -= 1
            if not self._open[caller]:
                del self._open[caller]
