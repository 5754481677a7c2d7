"""Watching a job: its events after a seq, then each new one, until it finishes.

The events table is the truth; a wake-up (JobSignals) only says when to read it again,
and so does every quiet heartbeat interval, so a wake-up lost or merged loses nothing.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from domain.jobs.deps import JobsDeps, must_get, reader
from domain.jobs.events import JobEvent
from domain.jobs.values import check_between
from domain.kernel.principal import Principal
from ports.jobs import JobSignals

MAX_SEQ = 2**63 - 1
READ_BATCH = 500


@dataclass(frozen=True, slots=True)
class WatchHeartbeat:
    """Nothing was sent for a heartbeat interval: the stream is alive."""

    at: datetime
    last_seq: int


@dataclass(frozen=True, slots=True)
class _Read:
    events: list[JobEvent]
    finished: bool


class WatchJob:
    def __init__(self, deps: JobsDeps, signals: JobSignals, heartbeat_seconds: float) -> None:
        self._d = deps
        self._signals = signals
        self._beat = heartbeat_seconds

    async def execute(
        self, principal: Principal, workspace_id: str, job_id: str, starting_after: int = 0
    ) -> AsyncIterator[JobEvent | WatchHeartbeat]:
        """Events with seq > `starting_after` in seq order; ends after the terminal one."""
        last = check_between(starting_after, "starting_after", 0, MAX_SEQ)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            job = await must_get(uow, workspace_id, job_id)
            principal.ensure_serves(job.kind, "id")  # a worker key watches its kinds only
            job_id = job.id  # as events name it
        with self._signals.watch(job_id) as wakeup:  # before the first read: none is missed
            quiet_since = time.monotonic()
            while True:
                read = await self._read(principal, workspace_id, job_id, last)
                for event in read.events:
                    yield event
                    last = event.seq
                if read.finished:
                    return
                if read.events:
                    quiet_since = time.monotonic()
                    if len(read.events) == READ_BATCH:
                        continue
                left = quiet_since + self._beat - time.monotonic()
                if left <= 0 or not await wakeup.wait(left):
                    yield WatchHeartbeat(self._d.clock.now(), last)
                    quiet_since = time.monotonic()

    async def _read(self, principal: Principal, workspace_id: str, job_id: str, last: int) -> _Read:
        """The job is read before its events: once it is seen finished, its every event is
        committed and so in the read that follows."""
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            job = await must_get(uow, workspace_id, job_id)
            events = await uow.job_events.after(workspace_id, job_id, last, READ_BATCH)
        seen = events[-1].seq if events else last
        return _Read(events, job.status.is_terminal and seen >= job.event_seq)
