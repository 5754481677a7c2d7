"""One run at a time per thread, as a condition of the claim statement.

A pending run waits while another run of its thread is running, or one submitted before
it (created_at, then id) is still pending. Each candidate checks this through
`ix_jobs_thread_id_active`, in the statement's own snapshot. Why two claimers can never
run two runs of one thread: an active run only ever stops being active (ended runs never
come back), so a claimer that sees no earlier active run is right; a claimer that sees
the earlier run pending finds it either locked by the other claimer (skipped) or, once
that one committed, running (the locked row is re-checked and no longer pending), and
the later run stays behind it in both claimers' snapshots. The "running" half covers a
run submitted with an earlier time that commits after a later one was claimed.
"""

from __future__ import annotations

import sqlalchemy as sa

from adapters.postgres.jobs.tables import jobs
from domain.jobs.values import JobStatus

_PENDING, _RUNNING = str(JobStatus.PENDING), str(JobStatus.RUNNING)


def its_turn() -> sa.ColumnElement[bool]:
    """True for a job on no thread, or the next run of its thread."""
    j, o = jobs.c, jobs.alias("ahead").c
    ahead = sa.exists().where(
        o.thread_id == j.thread_id,
        o.status.in_([_PENDING, _RUNNING]),
        o.id != j.id,
        sa.or_(
            o.status == _RUNNING,
            sa.tuple_(o.created_at, o.id) < sa.tuple_(j.created_at, j.id),
        ),
    )
    return sa.or_(j.thread_id.is_(None), ~ahead)
