"""Job wake-ups across instances: NOTIFY on `strata_jobs` in the transaction that appends a
job's events (delivered only if it commits), heard on each instance's listening
connection (CacheListener) and handed to the job's watchers there.

The payload is `<job id>:<last seq appended>` for each job a statement appended to,
comma-separated (one notification for a batch); watchers re-read the events table, so a
notification lost while the connection was down costs nothing but latency: every
watcher is woken when the connection comes back (or is lost)."""

from __future__ import annotations

from typing import Protocol

CHANNEL = "strata_jobs"


class Wakeable(Protocol):
    def wake(self, job_id: str) -> None: ...
    def wake_all(self) -> None: ...


class JobChannel:
    """The `strata_jobs` channel of the listening connection."""

    name = CHANNEL

    def __init__(self, signals: Wakeable) -> None:
        self._signals = signals

    def heard(self, payload: str) -> None:
        for woken in payload.split(","):
            self._signals.wake(woken.partition(":")[0])

    def missed(self) -> None:
        self._signals.wake_all()
