"""Queue upkeep on PostgreSQL: purging finished jobs in batches, and the queue's depth."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from adapters.postgres.infra.repository import Repository
from adapters.postgres.jobs.tables import FINISHED, jobs
from domain.jobs.values import JobStatus
from ports.jobs import QueueDepth

_j = jobs.c
_PENDING, _RUNNING = str(JobStatus.PENDING), str(JobStatus.RUNNING)


class SqlaJobUpkeepRepository(Repository):
    async def purge_finished(self, before: datetime, limit: int) -> int:
        """One DELETE over ix_jobs_completed_at; job_events go by their ON DELETE CASCADE."""
        doomed = (
            sa.select(_j.id)
            .where(sa.text(FINISHED), _j.completed_at < before)
            .order_by(_j.completed_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        stmt = jobs.delete().where(_j.id.in_(doomed)).returning(_j.id)
        return len(await self.all(stmt))

    async def depth(self, now: datetime) -> QueueDepth:
        ready = sa.and_(_j.status == _PENDING, _j.scheduled_at <= now)
        stmt = sa.select(
            sa.select(sa.func.count()).where(ready).scalar_subquery().label("ready"),
            sa.select(sa.func.count())
            .where(_j.status == _RUNNING)
            .scalar_subquery()
            .label("running"),
            sa.select(sa.func.min(_j.scheduled_at)).where(ready).scalar_subquery().label("oldest"),
        )
        row = await self.first(stmt)
        if row is None:
            return QueueDepth(0, 0, None)
        return QueueDepth(int(row["ready"]), int(row["running"]), row["oldest"])
