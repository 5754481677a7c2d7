"""The relay over PostgreSQL and an analytics store: changes that fill the outbox, relays
that drain it, and what the store counts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from adapters.system.basics import SystemClock, Uuid7Generator
from adapters.system.page_tokens import HmacTokenSigner
from domain.analytics.deps import AnalyticsDeps
from domain.analytics.model import ActivityQuery, EventCursor, EventFilter
from domain.analytics.outbox_backlog import ReadOutboxBacklog
from domain.analytics.relaying import RelayOutbox
from domain.audit.entry import AuditEntry, Outcome
from domain.jobs.model import Job
from tests.contract.conftest import Builders


def relay_of(uow_factory: Any, store: Any) -> tuple[RelayOutbox, ReadOutboxBacklog]:
    deps = AnalyticsDeps(
        uow=uow_factory,
        store=store,
        clock=SystemClock(),
        ids=Uuid7Generator(),
        page_tokens=HmacTokenSigner(b"relay-tests"),
    )
    return RelayOutbox(deps), ReadOutboxBacklog(deps)


@dataclass
class Workspace:
    """A workspace with its owner, whose changes the tests make."""

    id: str
    owner: str
    uow: Any
    make: Builders

    @classmethod
    async def create(cls, uow_factory: Any) -> Workspace:
        make = Builders()
        user, ws = make.user(), make.workspace()
        async with uow_factory() as uow:
            await uow.users.add(user)
            await uow.workspaces.add(ws)
            await uow.commit()
        return cls(ws.id, user.id, uow_factory, make)

    async def run_job(self) -> int:
        """A job submitted, claimed and completed: three events, in three commits."""
        now = datetime.now(UTC)
        job = Job(
            id=self.make.id(),
            workspace_id=self.id,
            owner_id=self.owner,
            kind="echo",
            created_at=now,
            updated_at=now,
            scheduled_at=now,
        )
        async with self.uow() as uow:
            await uow.jobs.add(job)
            await uow.job_events.append([job.created(now)])
            await uow.commit()
        for change in (
            lambda: job.claim("worker", now, now + timedelta(minutes=1)),
            lambda: job.complete(job.lease_epoch, {"ok": True}, now),
        ):
            async with self.uow() as uow:
                event = change()
                await uow.jobs.update(job)
                await uow.job_events.append([event])
                await uow.commit()
        return 3

    async def call(self, action: str = "/strata.v1.JobsService/GetJob") -> int:
        entry = AuditEntry(
            id=self.make.id(),
            occurred_at=datetime.now(UTC),
            action=action,
            outcome=Outcome.SUCCESS,
            status_code="OK",
            duration_ms=3,
            user_id=self.owner,
            workspace_id=self.id,
        )
        async with self.uow() as uow:
            await uow.audit.append([entry])
            await uow.commit()
        return 1


async def counted(store: Any, workspace_id: str) -> tuple[int, int]:
    """(events, calls) the store holds for the workspace, each counted once."""
    events, after = 0, None
    while page := await store.events(EventFilter(workspace_id), after, 500):
        events += len(page)
        after = EventCursor(page[-1].timestamp, page[-1].event_id)
    today = datetime.now(UTC).date()
    query = ActivityQuery(workspace_id, today - timedelta(days=1), today + timedelta(days=1))
    calls = sum(row.count for row in await store.user_activity(query))
    return events, calls


async def drain(relay: RelayOutbox, backlog: ReadOutboxBacklog, batch: int) -> int:
    """Relays until the outbox is empty; the rows this relay delivered."""
    delivered = 0
    while True:
        result = await relay.execute(batch)
        delivered += result.total
        if result.total == 0 and (await backlog.execute()).rows == 0:
            return delivered
        await asyncio.sleep(0)
