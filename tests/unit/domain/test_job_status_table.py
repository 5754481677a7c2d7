"""The job state machine as a full table: every pair of statuses, allowed or refused."""

from __future__ import annotations

import itertools

import pytest

from domain.jobs.transitions import MOVES, check_move
from domain.jobs.values import JobStatus
from domain.kernel.errors import FailedPrecondition

P, R, C, F, X = (
    JobStatus.PENDING,
    JobStatus.RUNNING,
    JobStatus.COMPLETED,
    JobStatus.FAILED,
    JobStatus.CANCELLED,
)
ALLOWED = {(P, R), (P, X), (R, R), (R, P), (R, C), (R, F), (R, X)}
ALL_PAIRS = list(itertools.product(JobStatus, repeat=2))


def test_the_table_names_every_status() -> None:
    assert set(MOVES) == set(JobStatus)


@pytest.mark.parametrize(("old", "new"), ALL_PAIRS)
def test_a_move_is_allowed_exactly_when_the_table_lists_it(old: JobStatus, new: JobStatus) -> None:
    if (old, new) in ALLOWED:
        check_move(old, new)
    else:
        with pytest.raises(FailedPrecondition):
            check_move(old, new)


@pytest.mark.parametrize("status", [C, F, X])
def test_finished_jobs_never_move_again(status: JobStatus) -> None:
    assert status.is_terminal
    assert not MOVES[status]
