"""Appending messages to a thread: a batch, in order, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.conversations.deps import ConversationDeps, writable_thread
from domain.conversations.message_batches import (
    NewMessage,
    batch_fingerprint,
    check_messages,
    check_runs,
    first_batch,
)
from domain.conversations.model import Message
from domain.conversations.values import MessageRole
from domain.kernel.idempotency import Idempotency
from domain.kernel.principal import Principal


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
