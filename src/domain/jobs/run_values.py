"""Value rules of runs on a thread: the policies of a submit, the statuses of a thread."""

from __future__ import annotations

import enum

from domain.jobs.values import JobStatus


class RunPolicy(enum.StrEnum):
    """What a submit does when its thread already has a pending or running run."""

    ENQUEUE = "enqueue"  # wait: a thread's runs are claimed one at a time, in submit order
    REJECT = "reject"  # FAILED_PRECONDITION THREAD_BUSY, nothing written
    INTERRUPT = "interrupt"  # cancel the active runs, then this one
    ROLLBACK = "rollback"  # as INTERRUPT, and remove the messages they appended


class ThreadRunStatus(enum.StrEnum):
    """The jobs context's side of `threads.run_status` (the same words as the column)."""

    IDLE = "idle"  # no run yet, or the last one completed
    BUSY = "busy"  # a run is pending or running
    INTERRUPTED = "interrupted"  # the last run was cancelled
    ERROR = "error"  # the last run failed


ENDINGS = {
    JobStatus.COMPLETED: ThreadRunStatus.IDLE,
    JobStatus.CANCELLED: ThreadRunStatus.INTERRUPTED,
    JobStatus.FAILED: ThreadRunStatus.ERROR,
}
