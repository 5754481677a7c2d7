"""The queue on PostgreSQL: claims by SKIP LOCKED in one UPDATE … RETURNING."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from adapters.postgres.infra.repository import uuid_or_none
from adapters.postgres.jobs.batches import SqlaJobBatches
from adapters.postgres.jobs.hot import claim_statement
from adapters.postgres.jobs.rows import FIELDS as _FIELDS
from adapters.postgres.jobs.rows import MUTABLE as _MUTABLE
from adapters.postgres.jobs.rows import job_of as _job
from adapters.postgres.jobs.tables import ACTIVE, jobs
from domain.jobs.model import Job
from domain.jobs.values import JobStatus
from domain.kernel.errors import InvalidArgument, NotFound
from ports.jobs import Claim, JobFilter

_j = jobs.c


class SqlaJobRepository(SqlaJobBatches):
    async def add(self, job: Job) -> str:
        values = {f: getattr(job, f) for f in _FIELDS}
        stmt = (
            insert(jobs)
            .values(values)
            .on_conflict_do_nothing(
                index_elements=[_j.workspace_id, _j.unique_key], index_where=sa.text(ACTIVE)
            )
            .returning(_j.id)
        )
        for _ in range(3):  # the holder of the key may finish between the two statements
            if await self.all(stmt):
                return job.id
            if (found := await self.holder_of(job.workspace_id, job.unique_key or "")) is not None:
                return found
        raise NotFound("the job holding this unique key could not be read; try again")

    async def holder_of(self, workspace_id: str, unique_key: str) -> str | None:
        ws = uuid_or_none(workspace_id)
        if ws is None:
            return None
        holder = sa.select(_j.id).where(
            _j.workspace_id == ws, _j.unique_key == unique_key, sa.text(ACTIVE)
        )
        found = await self.scalar(holder)
        return None if found is None else str(found)

    async def get(self, workspace_id: str, job_id: str, *, lock: bool = False) -> Job | None:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(job_id)
        if ws is None or key is None:
            return None
        stmt = sa.select(jobs).where(_j.id == key, _j.workspace_id == ws)
        row = await self.first(stmt.with_for_update() if lock else stmt)
        return _job(row) if row else None

    async def update(self, job: Job) -> None:
        stmt = (
            jobs.update()
            .where(_j.id == job.id, _j.workspace_id == job.workspace_id)
            .values({f: getattr(job, f) for f in _MUTABLE})
            .returning(_j.updated_at)
        )
        row = await self.first(stmt)
        if row is None:
            raise NotFound(f"job {job.id} not found")
        job.updated_at = row["updated_at"]

    async def find(self, filt: JobFilter, after: tuple[Any, ...] | None, limit: int) -> list[Job]:
        stmt = sa.select(jobs).where(_j.workspace_id == uuid_or_none(filt.workspace_id))
        if filt.statuses:
            stmt = stmt.where(_j.status.in_([str(s) for s in filt.statuses]))
        if filt.kinds:
            stmt = stmt.where(_j.kind.in_(filt.kinds))
        if filt.thread_id is not None:
            stmt = stmt.where(_j.thread_id == uuid_or_none(filt.thread_id))
        if filt.owner_id is not None:
            stmt = stmt.where(_j.owner_id == uuid_or_none(filt.owner_id))
        if after is not None:
            created, job_id = _after(after)
            key = sa.tuple_(sa.literal(created, _j.created_at.type), sa.literal(job_id, _j.id.type))
            stmt = stmt.where(sa.tuple_(_j.created_at, _j.id) < key)
        stmt = stmt.order_by(_j.created_at.desc(), _j.id.desc()).limit(limit)
        return [_job(r) for r in await self.all(stmt)]

    async def claim(self, claim: Claim) -> list[Job]:
        """The rules of `Job.claim`, as one statement over the partial index ix_jobs_claim."""
        ws = uuid_or_none(claim.workspace_id)
        if ws is None:
            return []
        sql, kinds = claim_statement(claim.kinds)
        args = (ws, kinds, claim.now, claim.limit, claim.worker_id, claim.lease_until)
        claimed = [_job(r) for r in await self.on_driver(sql, *args)]
        return sorted(claimed, key=lambda j: (-j.priority, j.scheduled_at, j.id))

    async def lapsed(self, now: datetime, limit: int) -> list[Job]:
        stmt = (
            sa.select(jobs)
            .where(_j.status == str(JobStatus.RUNNING), _j.lease_expires_at <= now)
            .order_by(_j.lease_expires_at, _j.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_job(r) for r in await self.all(stmt)]


def _after(after: tuple[Any, ...]) -> tuple[datetime, str]:
    try:
        created, job_id = after
        key = uuid_or_none(str(job_id))
        if key is None:
            raise ValueError
        return datetime.fromisoformat(created), key
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
