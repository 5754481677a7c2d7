"""Threads and messages as the jobs context sees them: the conversations' tables, named
here by their columns alone (as migration 0009 names `threads.id`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from adapters.postgres.infra.repository import Repository, uuid_or_none
from adapters.postgres.jobs.rows import job_of as _job
from adapters.postgres.jobs.tables import jobs
from domain.jobs.model import Job
from domain.jobs.run_values import ThreadRunStatus
from domain.jobs.values import JobStatus

_UUID = UUID(as_uuid=False)
threads = sa.table(
    "threads",
    sa.column("id", _UUID),
    sa.column("workspace_id", _UUID),
    sa.column("run_status", sa.String),
)
messages = sa.table("messages", sa.column("workspace_id", _UUID), sa.column("run_id", _UUID))
_t, _m, _j = threads.c, messages.c, jobs.c
ACTIVE = [str(JobStatus.PENDING), str(JobStatus.RUNNING)]


class SqlaThreadRuns(Repository):
    async def hold(self, workspace_id: str, thread_id: str, *, wait: bool = True) -> bool:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(thread_id)
        if ws is None or key is None:
            return False
        stmt = sa.select(_t.id).where(_t.id == key, _t.workspace_id == ws)
        return await self.first(stmt.with_for_update(skip_locked=not wait)) is not None

    async def active(self, workspace_id: str, thread_id: str, *, lock: bool = False) -> list[Job]:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(thread_id)
        if ws is None or key is None:
            return []
        stmt = (
            sa.select(jobs)
            .where(_j.thread_id == key, _j.workspace_id == ws, _j.status.in_(ACTIVE))
            .order_by(_j.created_at, _j.id)
        )
        return [_job(r) for r in await self.all(stmt.with_for_update() if lock else stmt)]

    async def set_status(
        self, workspace_id: str, thread_id: str, status: ThreadRunStatus, at: datetime
    ) -> None:
        """Only a change is written (`updated_at` then moves, by the table's trigger)."""
        stmt = threads.update().where(
            _t.id == uuid_or_none(thread_id),
            _t.workspace_id == uuid_or_none(workspace_id),
            _t.run_status != str(status),
        )
        await self.execute(stmt.values(run_status=str(status)))

    async def remove_messages(self, workspace_id: str, run_ids: Sequence[str]) -> int:
        keys = [k for k in (uuid_or_none(r) for r in run_ids) if k is not None]
        if not keys:
            return 0
        stmt = (
            messages.delete()
            .where(_m.workspace_id == uuid_or_none(workspace_id), _m.run_id.in_(keys))
            .returning(_m.run_id)
        )
        return len(await self.all(stmt))
