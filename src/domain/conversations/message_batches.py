"""What a batch of messages is checked against before it is written, and how a retried
batch finds the first attempt's messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING

from domain.conversations.model import Message
from domain.kernel.errors import FailedPrecondition, InvalidArgument, NotFound, quoted
from ports.conversations import ConversationsUnitOfWork, MessageRange, RunFacts

if TYPE_CHECKING:
    from domain.conversations.messages import NewMessage


async def check_runs(
    uow: ConversationsUnitOfWork, workspace_id: str, thread_id: str, batch: Sequence[NewMessage]
) -> None:
    """A run id names a run (a job) of the workspace that runs on this thread and has not
    ended or been asked to cancel: a rolled back run writes nothing after its rollback."""
    runs: dict[str, RunFacts | None] = {}
    for i, m in enumerate(batch):
        if not m.run_id:
            continue
        if m.run_id not in runs:
            runs[m.run_id] = await uow.messages.run_of(workspace_id, m.run_id)
        run = runs[m.run_id]
        if run is None:
            raise NotFound(f"run {quoted(m.run_id)} not found")
        if run.thread_id != thread_id:
            raise InvalidArgument.of(f"messages[{i}].run_id", "is not a run of this thread")
        if not run.writing:
            raise FailedPrecondition(
                f"run {m.run_id} has ended or was asked to cancel", reason="RUN_ENDED"
            )


def batch_fingerprint(thread_id: str, batch: Sequence[NewMessage]) -> dict[str, object]:
    return {"thread_id": thread_id, "messages": [asdict(m) for m in batch]}


async def first_batch(
    uow: ConversationsUnitOfWork, workspace_id: str, thread_id: str, first_id: str, size: int
) -> list[Message]:
    """The messages a batch wrote (it took consecutive sequences from its first one);
    those removed since (a rolled back run's) are missing."""
    first = await uow.messages.get(workspace_id, thread_id, first_id)
    if first is None:
        return []
    span = MessageRange(workspace_id, thread_id, first.sequence - 1, first.sequence + size)
    return await uow.messages.find(span, size)
