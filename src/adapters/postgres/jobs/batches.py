"""Jobs read and written many at a time: a batch of completions locks its rows in id
order (concurrent batches never deadlock) and writes them in one UPDATE … FROM (VALUES …)."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from adapters.postgres.infra.repository import Repository, uuid_or_none
from adapters.postgres.jobs.rows import MUTABLE, job_of
from adapters.postgres.jobs.tables import jobs
from domain.jobs.model import Job
from domain.kernel.errors import NotFound

_j = jobs.c
_WRITTEN = ["id", "workspace_id", *MUTABLE]


class SqlaJobBatches(Repository):
    async def get_many(
        self, workspace_id: str, job_ids: Sequence[str], *, lock: bool = False
    ) -> list[Job]:
        ws = uuid_or_none(workspace_id)
        keys = sorted({k for k in map(uuid_or_none, job_ids) if k is not None})
        if ws is None or not keys:
            return []
        stmt = sa.select(jobs).where(_j.workspace_id == ws, _j.id.in_(keys)).order_by(_j.id)
        return [job_of(r) for r in await self.all(stmt.with_for_update() if lock else stmt)]

    async def get_locking_unthreaded(self, workspace_id: str, job_id: str) -> Job | None:
        """One statement: the row locked when its thread_id is null, else read as it is."""
        ws, key = uuid_or_none(workspace_id), uuid_or_none(job_id)
        if ws is None or key is None:
            return None
        mine = sa.and_(_j.id == key, _j.workspace_id == ws)
        held = sa.select(jobs).where(mine, _j.thread_id.is_(None)).with_for_update().cte("held")
        stmt = sa.union_all(sa.select(held), sa.select(jobs).where(mine, _j.thread_id.is_not(None)))
        row = await self.first(stmt)
        return job_of(row) if row else None

    async def update_many(self, batch: Sequence[Job]) -> None:
        if not batch:
            return
        columns = [sa.column(f, _j[f].type) for f in _WRITTEN]
        rows = [tuple(getattr(job, f) for f in _WRITTEN) for job in batch]
        given = sa.values(*columns, name="given").data(rows)
        stmt = (
            jobs.update()
            .where(_j.id == given.c.id, _j.workspace_id == given.c.workspace_id)
            .values({f: sa.cast(given.c[f], _j[f].type) for f in MUTABLE})  # typed NULLs
            .returning(_j.id, _j.updated_at)
        )
        written = {str(r["id"]): r["updated_at"] for r in await self.all(stmt)}
        for job in batch:
            if job.id not in written:
                raise NotFound(f"job {job.id} not found")
            job.updated_at = written[job.id]
