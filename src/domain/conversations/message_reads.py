"""Reading messages: one by id, or a page of a thread's from either side of a message."""

from __future__ import annotations

from dataclasses import dataclass

from domain.conversations.deps import ConversationDeps, readable_thread
from domain.conversations.model import Message
from domain.kernel.lookup import found, required
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.conversations import ConversationsUnitOfWork, MessageRange


@dataclass(frozen=True, slots=True)
class MessageQuery:
    """`after` and `before` are message ids of the thread (exclusive bounds)."""

    workspace_id: str
    thread_id: str
    after: str = ""
    before: str = ""
    newest_first: bool = False


class GetMessage:
    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, thread_id: str, message_id: str
    ) -> Message:
        async with self._d.uow(read_only=True) as uow:
            await readable_thread(uow, principal, workspace_id, thread_id, "thread_id")
            message = await uow.messages.get(workspace_id, thread_id, required(message_id))
            return found(message, "message", message_id)


class ListMessages:
    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, q: MessageQuery, page_size: int, page_token: str
    ) -> Page[Message]:
        query = {"w": q.workspace_id, "t": q.thread_id, "a": q.after, "b": q.before}
        query |= {"d": "desc" if q.newest_first else "asc"}
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens, key_type=int)
        async with self._d.uow(read_only=True) as uow:
            await readable_thread(uow, principal, q.workspace_id, q.thread_id, "thread_id")
            above = await _sequence_of(uow, q, q.after, "after")
            below = await _sequence_of(uow, q, q.before, "before")
            if req.after is not None:
                (last,) = req.after
                above, below = (above, last) if q.newest_first else (last, below)
            span = MessageRange(q.workspace_id, q.thread_id, above, below, q.newest_first)
            rows = await uow.messages.find(span, req.size + 1)
        return build_page(rows, req, lambda m: (m.sequence,))


async def _sequence_of(
    uow: ConversationsUnitOfWork, q: MessageQuery, message_id: str, field: str
) -> int | None:
    """The sequence of a bounding message; NOT_FOUND naming it when the thread lacks it."""
    if not message_id:
        return None
    message = await uow.messages.get(q.workspace_id, q.thread_id, message_id)
    return found(message, f"message ({field})", message_id).sequence
