"""The conversation use cases over the memory unit of work, for the domain tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.system.basics import Uuid7Generator
from domain.conversations import message_reads, messages, thread_reads, threads
from domain.conversations.deps import ConversationDeps
from domain.conversations.message_batches import NewMessage
from domain.conversations.values import MessageRole
from tests.unit.domain.conftest import PAGE_TOKENS


@dataclass
class C:
    create: threads.CreateThread
    get: thread_reads.GetThread
    list: thread_reads.ListThreads
    update: threads.UpdateThread
    archive: threads.ArchiveThread
    delete: threads.DeleteThread
    append: messages.AppendMessages
    messages: message_reads.ListMessages
    message: message_reads.GetMessage

    @classmethod
    def over(cls, uow: Any, clock: Any) -> C:
        d = ConversationDeps(uow=uow, clock=clock, ids=Uuid7Generator(), page_tokens=PAGE_TOKENS)
        return cls(
            threads.CreateThread(d),
            thread_reads.GetThread(d),
            thread_reads.ListThreads(d),
            threads.UpdateThread(d),
            threads.ArchiveThread(d),
            threads.DeleteThread(d),
            messages.AppendMessages(d),
            message_reads.ListMessages(d),
            message_reads.GetMessage(d),
        )


def said(*texts: str, tokens: int = 0) -> list[NewMessage]:
    return [NewMessage(MessageRole.USER, t, tokens_used=tokens) for t in texts]
