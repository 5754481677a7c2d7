"""Threads, runs and messages for the thread-run contract tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.conversations.model import Message, Thread
from domain.conversations.values import MessageRole
from domain.jobs.model import Job
from ports.jobs import Claim
from tests.contract.conftest import T0, Builders

LEASE = T0 + timedelta(minutes=1)


class Kit:
    def __init__(self, make: Builders) -> None:
        self.make, self.user = make, make.user()
        self.ws, self.other = make.workspace(), make.workspace()
        self.n = 0

    def thread(self, ws: Any = None) -> Thread:
        ws = ws or self.ws
        return Thread(self.make.id(), ws.id, self.user.id, "T", T0, T0)

    def run(self, thread: Thread | None, **kw: Any) -> Job:
        self.n += 1
        at = T0 + timedelta(seconds=self.n)
        fields: dict[str, Any] = {
            "id": self.make.id(),
            "workspace_id": self.ws.id,
            "owner_id": self.user.id,
            "kind": "agent_run",
            "created_at": at,
            "updated_at": at,
            "scheduled_at": T0,
            "thread_id": thread.id if thread else None,
        }
        return Job(**(fields | kw))

    def said(self, thread: Thread, run: Job | None, first: int, *texts: str) -> list[Message]:
        ws, run_id = thread.workspace_id, run.id if run else None
        return [
            Message(
                self.make.id(), thread.id, ws, first + i, MessageRole.TOOL, t, T0, run_id=run_id
            )
            for i, t in enumerate(texts)
        ]


async def make_kit(make: Builders, seed: Any) -> Kit:
    k = Kit(make)
    await seed(k.user, k.ws, k.other)
    return k


async def store(uow_factory: Any, *rows: Thread | Job | list[Message]) -> None:
    async with uow_factory() as uow:
        for row in rows:
            if isinstance(row, Thread):
                await uow.threads.add(row)
            elif isinstance(row, Job):
                await uow.jobs.add(row)
            else:
                await uow.messages.add(row)
        await uow.commit()


def claim(ws: Any, limit: int = 10, worker: str = "w") -> Claim:
    return Claim(ws.id, ("agent_run",), worker, T0, LEASE, limit)
