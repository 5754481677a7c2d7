"""One run at a time per thread: a pending run waits while another run of its thread is
running, or one submitted before it (created_at, then id) is still pending."""

from __future__ import annotations

from collections.abc import Iterable

from domain.jobs.model import Job
from domain.jobs.values import JobStatus


def waiting(jobs: Iterable[Job]) -> set[str]:
    """The ids of the runs that are not their thread's next."""
    by_thread: dict[str, list[Job]] = {}
    for job in jobs:
        if job.thread_id is not None and job.status in (JobStatus.PENDING, JobStatus.RUNNING):
            by_thread.setdefault(job.thread_id, []).append(job)
    held: set[str] = set()
    for runs in by_thread.values():
        runs.sort(key=lambda j: (j.status != JobStatus.RUNNING, j.created_at, j.id))
        held.update(j.id for j in runs[1:])
        if runs[0].status == JobStatus.RUNNING:
            held.add(runs[0].id)
    return held
