"""Jobs repositories on PostgreSQL: the queue and its events."""

from __future__ import annotations

from adapters.postgres.infra.session import Session
from adapters.postgres.jobs.events import SqlaJobEventRepository
from adapters.postgres.jobs.jobs import SqlaJobRepository
from adapters.postgres.jobs.thread_runs import SqlaThreadRuns
from adapters.postgres.jobs.upkeep import SqlaJobUpkeepRepository
from adapters.postgres.uow import PostgresRepositories, State


def _repositories(session: Session, state: State) -> dict[str, object]:
    return {
        "jobs": SqlaJobRepository(session),
        "job_events": SqlaJobEventRepository(session),
        "job_upkeep": SqlaJobUpkeepRepository(session),
        "thread_runs": SqlaThreadRuns(session),
    }


POSTGRES = PostgresRepositories(_repositories)
