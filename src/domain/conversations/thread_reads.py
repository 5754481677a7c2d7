"""Reading threads: one with its totals, or a page of a workspace's threads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.conversations.deps import ConversationDeps, readable_thread, reader
from domain.conversations.model import Thread
from domain.conversations.values import LISTED_BY_DEFAULT, ThreadRunStatus, ThreadStatus
from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.conversations import ThreadFilter, ThreadKey, ThreadTotals


class GetThread:
    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, thread_id: str
    ) -> tuple[Thread, ThreadTotals]:
        """The thread, how many messages it has and the tokens they used."""
        async with self._d.uow(read_only=True) as uow:
            thread = await readable_thread(uow, principal, workspace_id, thread_id)
            return thread, await uow.threads.totals(workspace_id, thread_id)


class ListThreads:
    def __init__(self, deps: ConversationDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        statuses: tuple[ThreadStatus, ...],
        owner_id: str,
        page_size: int,
        page_token: str,
        run_statuses: tuple[ThreadRunStatus, ...] = (),
    ) -> Page[Thread]:
        filt = ThreadFilter(
            workspace_id,
            tuple(sorted(set(statuses))) or LISTED_BY_DEFAULT,
            owner_id or None,
            tuple(sorted(set(run_statuses))),
        )
        query: dict[str, object] = {
            "w": filt.workspace_id,
            "s": list(filt.statuses),
            "o": filt.owner_id,
        }
        if filt.run_statuses:
            query["r"] = list(filt.run_statuses)
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            rows = await uow.threads.find(filt, thread_key(req.after), req.size + 1)
        return build_page(rows, req, _key)


def _key(thread: Thread) -> tuple[str, str]:
    return (thread.updated_at.isoformat(), thread.id)


def thread_key(after: tuple[Any, ...] | None) -> ThreadKey | None:
    """The (updated_at, id) a page continues below; INVALID_ARGUMENT for anything else."""
    if after is None:
        return None
    try:
        moment, thread_id = after
        at = datetime.fromisoformat(moment)
        if at.tzinfo is None:
            raise ValueError
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
    return at, str(thread_id)
