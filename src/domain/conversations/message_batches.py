"""What a batch of messages is checked against before it is written, and how a retried
batch finds the first attempt's messages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from domain.conversations.model import Message
from domain.conversations.values import MAX_BATCH, MAX_CONTENT, MAX_MODEL, MAX_TOKENS, MessageRole
from domain.kernel.errors import FailedPrecondition, InvalidArgument, NotFound, Validator, quoted
from ports.conversations import ConversationsUnitOfWork, MessageRange, RunFacts


@dataclass(frozen=True, slots=True)
class NewMessage:
    role: MessageRole | None
    content: str
    tokens_used: int = 0
    model: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    run_id: str = ""


def check_messages(messages: Sequence[NewMessage]) -> None:
    """Every bad field of the batch at once, each named by its position."""
    if not messages:
        raise InvalidArgument.of("messages", "must hold at least one message")
    if len(messages) > MAX_BATCH:
        raise InvalidArgument.of("messages", f"must hold at most {MAX_BATCH} messages")
    v = Validator()
    for i, m in enumerate(messages):
        at = f"messages[{i}]"
        v.check(m.role is not None, f"{at}.role", "is required")
        v.check(len(m.content) <= MAX_CONTENT, f"{at}.content", f"must be at most {MAX_CONTENT}")
        v.check(0 <= m.tokens_used <= MAX_TOKENS, f"{at}.tokens_used", "is out of range")
        v.check(len(m.model.strip()) <= MAX_MODEL, f"{at}.model", f"must be at most {MAX_MODEL}")
    v.raise_if_any()


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
