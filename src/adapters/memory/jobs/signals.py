"""Job wake-ups within one process: an asyncio event per watching stream, set on change."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

SHARED_NAME = "job_signals"


class InProcessWakeup:
    def __init__(self) -> None:
        self._changed = asyncio.Event()

    def set(self) -> None:
        self._changed.set()

    async def wait(self, seconds: float) -> bool:
        if not self._changed.is_set():
            try:
                await asyncio.wait_for(self._changed.wait(), seconds)
            except TimeoutError:
                return False
        self._changed.clear()
        return True


class InProcessJobSignals:
    """The watchers of each job in this process; `wake` sets theirs, `wake_all` everyone's
    (when some changes may have gone unheard)."""

    def __init__(self) -> None:
        self._watching: dict[str, set[InProcessWakeup]] = {}

    @contextmanager
    def watch(self, job_id: str) -> Iterator[InProcessWakeup]:
        wakeup = InProcessWakeup()
        self._watching.setdefault(job_id, set()).add(wakeup)
        try:
            yield wakeup
        finally:
            watchers = self._watching.get(job_id, set())
            watchers.discard(wakeup)
            if not watchers:
                self._watching.pop(job_id, None)

    def wake(self, job_id: str) -> None:
        for wakeup in self._watching.get(job_id, ()):
            wakeup.set()

    def wake_all(self) -> None:
        for watchers in self._watching.values():
            for wakeup in watchers:
                wakeup.set()

    @property
    def watched(self) -> int:
        """How many jobs have a watcher here."""
        return len(self._watching)
