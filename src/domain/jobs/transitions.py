"""The job state machine as one table: which status may follow which."""

from __future__ import annotations

from domain.jobs.values import JobStatus
from domain.kernel.errors import FailedPrecondition

P, R, C, F, X = (
    JobStatus.PENDING,
    JobStatus.RUNNING,
    JobStatus.COMPLETED,
    JobStatus.FAILED,
    JobStatus.CANCELLED,
)

# running → running: a heartbeat or a cancel request; running → pending: a retry waiting
# (its scheduled_at in the future) or a lapsed lease rescued.
MOVES: dict[JobStatus, frozenset[JobStatus]] = {
    P: frozenset({R, X}),
    R: frozenset({R, P, C, F, X}),
    C: frozenset(),
    F: frozenset(),
    X: frozenset(),
}


def check_move(old: JobStatus, new: JobStatus) -> None:
    """FAILED_PRECONDITION for a move the table does not list."""
    if new not in MOVES[old]:
        raise FailedPrecondition(f"a {old} job cannot become {new}", reason="ILLEGAL_TRANSITION")
