"""Appending messages to a thread: a batch, in order, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.conversations.deps import ConversationDeps, writable_thread
from domain.conversations.message_batches import batch_fingerprint, check_runs, first_batch
from domain.conversations.model import Message
from domain.conversations.values import MAX_BATCH, MAX_CONTENT, MAX_MODEL, MAX_TOKENS, MessageRole
from domain.kernel.errors import InvalidArgument, Validator
from domain.kernel.idempotency import Idempotency
from domain.kernel.principal import Principal


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


class AppendMessages:
    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        thread_id: str,
        messages: Sequence[NewMessage],
        request_id: str = "",
    ) -> list[Message]:
        """With `request_id`, a retry returns the first attempt's messages."""
        check_messages(messages)
        d = self._d
        async with d.uow() as uow:
            _, thread = await writable_thread(
                uow, principal, workspace_id, thread_id, "writing messages", "thread_id"
            )
            scope = f"{principal.user_id}:AppendMessages:{workspace_id}"
            fingerprint = batch_fingerprint(thread.id, messages)
            idem = Idempotency(uow, scope, request_id, fingerprint)
            if (first := await idem.replayed_id(d.clock)) is not None:
                return await first_batch(uow, workspace_id, thread.id, first, len(messages))
            await check_runs(uow, workspace_id, thread.id, messages)
            now = d.clock.now()
            written = [_message(d.ids.new_id(), thread.id, workspace_id, m, now) for m in messages]
            thread.number(written, now)
            await uow.messages.add(written)
            await uow.threads.record_messages(thread)
            await idem.remember(written[0].id, d.clock)
            await uow.commit()
        return written


def _message(message_id: str, thread_id: str, ws: str, m: NewMessage, now: Any) -> Message:
    return Message(
        id=message_id,
        thread_id=thread_id,
        workspace_id=ws,
        sequence=0,
        role=m.role or MessageRole.USER,
        content=m.content,
        created_at=now,
        tokens_used=m.tokens_used,
        model=m.model.strip(),
        metadata=dict(m.metadata),
        run_id=m.run_id or None,
    )
