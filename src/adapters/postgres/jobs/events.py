"""Job events on PostgreSQL: appended with the job's change (and its NOTIFY, in the same
transaction), read in seq order."""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from adapters.postgres.infra.repository import Repository, uuid_or_none
from adapters.postgres.jobs.hot import APPEND_EVENTS, event_arrays
from adapters.postgres.jobs.tables import job_events
from domain.jobs.events import JobEvent
from domain.jobs.values import JobStatus

_FIELDS = [c.name for c in job_events.c]


class SqlaJobEventRepository(Repository):
    async def append(self, events: Sequence[JobEvent]) -> None:
        if events:  # one statement: the rows, and each job's last seq notified
            await self.on_driver(APPEND_EVENTS, *event_arrays(events))

    async def of_job(self, workspace_id: str, job_id: str) -> list[JobEvent]:
        return await self.after(workspace_id, job_id, 0, None)

    async def after(
        self, workspace_id: str, job_id: str, seq: int, limit: int | None
    ) -> list[JobEvent]:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(job_id)
        if ws is None or key is None:
            return []
        e = job_events.c
        stmt = (
            sa.select(job_events)
            .where(e.job_id == key, e.workspace_id == ws, e.seq > seq)
            .order_by(e.seq)
            .limit(limit)
        )
        return [
            JobEvent(
                job_id=str(r["job_id"]),
                workspace_id=str(r["workspace_id"]),
                seq=r["seq"],
                from_status=JobStatus(r["from_status"]) if r["from_status"] else None,
                to_status=JobStatus(r["to_status"]),
                progress=r["progress"],
                at=r["at"],
                detail=r["detail"],
            )
            for r in await self.all(stmt)
        ]
