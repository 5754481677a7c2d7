"""A job and the events its state changes leave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from domain.jobs.backoff import Backoff
from domain.jobs.events import JobEvent
from domain.jobs.transitions import check_move
from domain.jobs.values import DEFAULT_MAX_ATTEMPTS, JobStatus
from domain.kernel.errors import FailedPrecondition

LEASE_LAPSED = "the worker's lease expired"


@dataclass(slots=True)
class Job:
    id: str
    workspace_id: str
    owner_id: str
    kind: str
    created_at: datetime
    updated_at: datetime
    scheduled_at: datetime
    thread_id: str | None = None
    agent_type: str = ""
    input: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, Any] = field(default_factory=dict)
    output: dict[str, Any] | None = None
    error: str | None = None
    progress: float = 0.0
    priority: int = 0
    attempts: int = 0
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    unique_key: str | None = None
    status: JobStatus = JobStatus.PENDING
    cancel_requested: bool = False
    lease_holder: str | None = None
    lease_expires_at: datetime | None = None
    lease_epoch: int = 0
    started_at: datetime | None = None
    completed_at: datetime | None = None
    event_seq: int = 0

    def event(self, old: JobStatus | None, now: datetime, **detail: Any) -> JobEvent:
        """The event of the change just made (the job's current status and progress)."""
        return JobEvent(
            self.id, self.workspace_id, self.event_seq, old, self.status, self.progress, now, detail
        )

    def created(self, now: datetime) -> JobEvent:
        self.event_seq = 1
        return self.event(None, now)

    def _move(self, new: JobStatus, now: datetime) -> JobStatus:
        old = self.status
        check_move(old, new)
        self.status, self.updated_at = new, now
        self.event_seq += 1
        if new.is_terminal:
            self.completed_at = now
            self._release()
        return old

    def _release(self) -> None:
        self.lease_holder, self.lease_expires_at = None, None

    def claim(self, worker_id: str, now: datetime, lease_until: datetime) -> JobEvent:
        """pending → running under a new lease: the epoch is the fencing token."""
        old = self._move(JobStatus.RUNNING, now)
        self.attempts += 1
        self.lease_epoch += 1
        self.lease_holder, self.lease_expires_at = worker_id, lease_until
        self.started_at = now
        return self.event(old, now, worker_id=worker_id, attempt=self.attempts)

    def is_claimable(self, kinds: tuple[str, ...], now: datetime) -> bool:
        return self.status == JobStatus.PENDING and self.kind in kinds and self.scheduled_at <= now

    def check_lease(self, epoch: int) -> None:
        """Only the holder of the current lease may report on a running job."""
        if self.status != JobStatus.RUNNING or epoch != self.lease_epoch:
            raise FailedPrecondition(
                f"job {self.id} is not running under lease epoch {epoch}", reason="STALE_LEASE"
            )

    def heartbeat(
        self, epoch: int, progress: float | None, now: datetime, lease_until: datetime
    ) -> JobEvent | None:
        """Extends the lease; an event only when the progress moved."""
        self.check_lease(epoch)
        self.lease_expires_at, self.updated_at = lease_until, now
        if progress is None or progress == self.progress:
            return None
        self.progress = progress
        old = self._move(JobStatus.RUNNING, now)
        return self.event(old, now)

    def complete(self, epoch: int, output: dict[str, Any], now: datetime) -> JobEvent:
        self.check_lease(epoch)
        old = self._move(JobStatus.COMPLETED, now)
        self.output, self.progress, self.error = output, 1.0, None
        return self.event(old, now)

    def fail(
        self, epoch: int, error: str, retryable: bool, now: datetime, backoff: Backoff
    ) -> JobEvent:
        """Retried later while attempts remain (and it was not cancelled); else final."""
        self.check_lease(epoch)
        return self._end_attempt(error, retryable, now, backoff)

    def rescue(self, now: datetime, backoff: Backoff) -> JobEvent:
        """A running job whose lease lapsed: the attempt counts as failed."""
        if self.status != JobStatus.RUNNING or not self.lease_lapsed(now):
            raise FailedPrecondition(f"job {self.id} holds a live lease")
        return self._end_attempt(LEASE_LAPSED, True, now, backoff)

    def lease_lapsed(self, now: datetime) -> bool:
        return self.lease_expires_at is not None and self.lease_expires_at <= now

    def _end_attempt(
        self, error: str, retryable: bool, now: datetime, backoff: Backoff
    ) -> JobEvent:
        self.error = error
        if self.cancel_requested:
            return self.event(self._move(JobStatus.CANCELLED, now), now, error=error)
        if retryable and self.attempts < self.max_attempts:
            delay = backoff.delay(self.attempts)
            old = self._move(JobStatus.PENDING, now)
            self._release()
            self.scheduled_at = now + delay
            return self.event(old, now, error=error, retry_in_seconds=delay.total_seconds())
        return self.event(self._move(JobStatus.FAILED, now), now, error=error)

    def cancel(self, now: datetime) -> JobEvent | None:
        """A pending job ends now; a running one is marked, its worker told on its next
        heartbeat. Cancelling a cancelled job again changes nothing."""
        if self.status == JobStatus.CANCELLED or self.cancel_requested:
            return None
        if self.status == JobStatus.RUNNING:
            self.cancel_requested = True
            return self.event(self._move(JobStatus.RUNNING, now), now, cancel_requested=True)
        return self.event(self._move(JobStatus.CANCELLED, now), now)


def lease_until(now: datetime, lease_seconds: int) -> datetime:
    return now + timedelta(seconds=lease_seconds)
