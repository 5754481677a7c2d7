"""CompleteJobs on PostgreSQL under contention: eight workers claim in batches and
acknowledge each batch in one call; every job completes exactly once, none is lost, and
a holder whose leases lapsed has its late batch refused item by item."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from adapters.system.basics import Uuid7Generator
from domain.jobs import claiming, completing, rescuing
from domain.jobs.backoff import Backoff
from domain.jobs.completing import Completion
from domain.jobs.deps import JobsDeps
from domain.jobs.model import Job
from domain.kernel.errors import FailedPrecondition
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from tests.contract.conftest import T0
from tests.unit.domain.conftest import PAGE_TOKENS

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True),
]
TOTAL, WORKERS, BATCH = 2000, 8, 25


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> datetime:
        return self.at


def _job(make: Any, ws: Any, user: Any, n: int) -> Job:
    at = T0 + timedelta(microseconds=n)
    return Job(make.id(), ws.id, user.id, "echo", at, at, T0, input={"n": n})


async def test_batched_acknowledgements_complete_every_job_once_and_refuse_a_stale_batch(
    uow_factory, make, seed, clean_db
) -> None:
    user, ws = make.user(), make.workspace()
    await seed(user, ws, make.membership(ws, user, Role.MEMBER))
    async with uow_factory() as uow:
        for n in range(TOTAL):
            await uow.jobs.add(_job(make, ws, user, n))
        await uow.commit()
    clock = Clock()
    deps = JobsDeps(uow_factory, clock, Uuid7Generator(), PAGE_TOKENS, Backoff(uniform=lambda: 1.0))
    me = Principal(user.id, user.email, None, False, "key")
    claim, complete = claiming.ClaimJobs(deps), completing.CompleteJobs(deps)

    stale = await claim.execute(me, claiming.ClaimRequest(ws.id, "stale", ("echo",), BATCH, 5))
    clock.at += timedelta(seconds=6)
    assert await rescuing.RescueLapsedJobs(deps).execute() == BATCH
    clock.at += timedelta(seconds=3)  # past the retry's backoff (at most 2 s)

    acknowledged: list[str] = []

    async def worker(name: str) -> None:
        while True:
            req = claiming.ClaimRequest(ws.id, name, ("echo",), BATCH, 60)
            held = await claim.execute(me, req)
            if not held:
                return
            done = [Completion(j.id, j.lease_epoch, {"by": name}) for j in held]
            results = await complete.execute(me, ws.id, done)
            assert all(r.job is not None for r in results), [r.refusal for r in results]
            acknowledged.extend(j.id for j in held)

    await asyncio.gather(*(worker(f"w{i}") for i in range(WORKERS)))
    assert len(acknowledged) == TOTAL and len(set(acknowledged)) == TOTAL

    late = [Completion(j.id, j.lease_epoch, {"late": True}) for j in stale]
    refused = await complete.execute(me, ws.id, late)
    assert all(isinstance(r.refusal, FailedPrecondition) for r in refused)
    assert {r.refusal.reason for r in refused if r.refusal} == {"STALE_LEASE"}

    async with clean_db.connect() as conn:
        rows = await conn.execute(
            sa.text(
                "SELECT j.status, j.output, count(e.job_id) AS n FROM jobs j"
                " LEFT JOIN job_events e ON e.job_id = j.id AND e.to_status = 'completed'"
                " WHERE j.workspace_id = :ws GROUP BY j.id"
            ),
            {"ws": ws.id},
        )
        found = [tuple(r) for r in rows]
    assert len(found) == TOTAL
    assert all(status == "completed" and n == 1 for status, _, n in found)
    assert not any(output == {"late": True} for _, output, _ in found)
