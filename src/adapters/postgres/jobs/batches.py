"""Jobs read and written many at a time: a batch of completions locks its rows in id
order (concurrent batches never deadlock) and writes them in one UPDATE … FROM unnest(…),
setting only the columns whose values differ from those read (a completion changes 9 of
23). A job's JSON values are replaced when they change, never edited in place."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from adapters.postgres.infra.repository import Repository, uuid_or_none
from adapters.postgres.infra.session import Session
from adapters.postgres.jobs.hot import (
    GET_MANY,
    LOCK_MANY,
    LOCK_MANY_UNTHREADED,
    job_arrays,
    update_many_sql,
)
from adapters.postgres.jobs.rows import MUTABLE, job_of
from adapters.postgres.jobs.tables import jobs
from domain.jobs.model import Job
from domain.kernel.errors import NotFound

_j = jobs.c
_mutable_values = operator.attrgetter(*MUTABLE)


class SqlaJobBatches(Repository):
    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self._as_read: dict[str, tuple[Any, ...]] = {}  # mutable values, by job id

    async def get_many(
        self, workspace_id: str, job_ids: Sequence[str], *, lock: bool = False
    ) -> list[Job]:
        return await self._many(LOCK_MANY if lock else GET_MANY, workspace_id, job_ids)

    async def get_many_locking_unthreaded(
        self, workspace_id: str, job_ids: Sequence[str]
    ) -> list[Job]:
        return await self._many(LOCK_MANY_UNTHREADED, workspace_id, job_ids)

    async def _many(self, sql: str, workspace_id: str, job_ids: Sequence[str]) -> list[Job]:
        """`sql` ($1 the workspace, $2 the ids in order) over the ids that can be ids."""
        ws = uuid_or_none(workspace_id)
        keys = sorted({k for k in map(uuid_or_none, job_ids) if k is not None})
        if ws is None or not keys:
            return []
        found = [job_of(r) for r in await self.on_driver(sql, ws, keys)]
        for job in found:
            self._as_read[job.id] = _mutable_values(job)
        return found

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
        columns = self._changed(batch)
        rows = await self.on_driver(update_many_sql(columns), *job_arrays(batch, columns))
        written = {str(r["id"]): r["updated_at"] for r in rows}
        for job in batch:
            if job.id not in written:
                raise NotFound(f"job {job.id} not found")
            job.updated_at = written[job.id]

    def _changed(self, batch: Sequence[Job]) -> tuple[str, ...]:
        """The mutable columns some job of `batch` changed since it was read (all of them
        for a job not read here); updated_at at least."""
        changed = {"updated_at"}
        for job in batch:
            before = self._as_read.get(job.id)
            if before is None:
                return tuple(MUTABLE)
            now = _mutable_values(job)
            changed.update(
                f for f, was, is_ in zip(MUTABLE, before, now, strict=True) if was != is_
            )
        return tuple(f for f in MUTABLE if f in changed)
