"""Runs on a thread over the memory unit of work: jobs and conversations side by side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.system.basics import Uuid7Generator
from domain.conversations.message_batches import NewMessage
from domain.conversations.message_reads import MessageQuery
from domain.conversations.threads import NewThread
from domain.conversations.values import MessageRole, ThreadRunStatus
from domain.jobs import cancelling, claiming, leases, submitting
from domain.jobs.backoff import Backoff
from domain.jobs.deps import JobsDeps
from domain.jobs.model import Job
from domain.jobs.run_values import RunPolicy
from domain.jobs.values import JobStatus
from tests.unit.domain.conftest import PAGE_TOKENS
from tests.unit.domain.conversations_kit import C


@dataclass
class Runs:
    j: JobsDeps
    c: C
    person: Any
    ws: str
    thread: str

    async def submit(self, policy: RunPolicy = RunPolicy.ENQUEUE, thread: str = "") -> Job:
        cmd = submitting.NewJob(
            self.ws, "agent_run", thread_id=thread or self.thread, run_policy=policy
        )
        return await submitting.SubmitJob(self.j).execute(self.person.principal, cmd)

    async def claim(self, n: int = 10) -> list[Job]:
        req = claiming.ClaimRequest(self.ws, "w1", ("agent_run",), n, 30)
        return await claiming.ClaimJobs(self.j).execute(self.person.principal, req)

    async def complete(self, job: Job) -> Job:
        done = leases.CompleteJob(self.j)
        return await done.execute(self.person.principal, self.ws, job.id, job.lease_epoch, {})

    async def fail(self, job: Job) -> Job:
        failing = leases.FailJob(self.j)
        return await failing.execute(
            self.person.principal, self.ws, job.id, job.lease_epoch, "no", False
        )

    async def cancel(self, job: Job) -> Job:
        return await cancelling.CancelJob(self.j).execute(self.person.principal, self.ws, job.id)

    async def status(self, job: Job) -> JobStatus:
        async with self.j.uow() as uow:
            stored = await uow.jobs.get(self.ws, job.id)
        assert stored is not None
        return stored.status

    async def run_status(self) -> ThreadRunStatus:
        thread, _ = await self.c.get.execute(self.person.principal, self.ws, self.thread)
        return thread.run_status

    async def write(self, run: Job | None, *texts: str) -> None:
        batch = [NewMessage(MessageRole.ASSISTANT, t, run_id=run.id if run else "") for t in texts]
        await self.c.append.execute(self.person.principal, self.ws, self.thread, batch)

    async def texts(self) -> list[str]:
        page = await self.c.messages.execute(
            self.person.principal, MessageQuery(self.ws, self.thread, "", ""), 100, ""
        )
        return [m.content for m in page.items]


async def build_runs(uow: Any, clock: Any, world: Any, alice: Any) -> Runs:
    ws = await world.workspace(alice, "runs")
    jobs = JobsDeps(
        uow=uow,
        clock=clock,
        ids=Uuid7Generator(),
        page_tokens=PAGE_TOKENS,
        backoff=Backoff(uniform=lambda: 1.0),
    )
    c = C.over(uow, clock)
    thread = await c.create.execute(alice.principal, NewThread(ws.id, "T"))
    return Runs(jobs, c, alice, ws.id, thread.id)
