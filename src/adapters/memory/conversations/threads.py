"""Threads in memory: workspace-scoped, versioned, listed by latest activity."""

from __future__ import annotations

import copy
from typing import Any

from domain.conversations.model import Thread
from domain.kernel.errors import Aborted, AlreadyExists, NotFound
from ports.conversations import ThreadFilter, ThreadKey, ThreadTotals

Tables = dict[str, dict[Any, Any]]


class InMemoryThreadRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Thread] = tables["threads"]

    def _in(self, workspace_id: str, thread_id: str) -> Thread | None:
        thread = self._t.get(thread_id)
        return thread if thread is not None and thread.workspace_id == workspace_id else None

    async def add(self, thread: Thread) -> None:
        if thread.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        for table, key in (("workspaces", thread.workspace_id), ("users", thread.owner_id)):
            if key not in self._tables[table]:
                raise NotFound(f"the referenced {table[:-1]} was not found")
        self._t[thread.id] = copy.deepcopy(thread)

    async def get(self, workspace_id: str, thread_id: str, lock: bool = False) -> Thread | None:
        """The unit of work already holds the store's one lock."""
        thread = self._in(workspace_id, thread_id)
        return copy.deepcopy(thread) if thread else None

    async def update(self, thread: Thread, expected_version: int) -> None:
        stored = self._in(thread.workspace_id, thread.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the thread changed concurrently; read it again")
        self._t[thread.id] = copy.deepcopy(thread)

    async def record_messages(self, thread: Thread) -> None:
        stored = self._in(thread.workspace_id, thread.id)
        if stored is None:
            raise NotFound("the referenced thread was not found")
        kept = copy.copy(stored)
        kept.last_sequence, kept.updated_at = thread.last_sequence, thread.updated_at
        self._t[thread.id] = kept

    async def delete(self, workspace_id: str, thread_id: str) -> bool:
        if self._in(workspace_id, thread_id) is None:
            return False
        del self._t[thread_id]
        messages = self._tables["messages"]
        for key in [k for k, m in messages.items() if m.thread_id == thread_id]:
            del messages[key]
        return True

    async def totals(self, workspace_id: str, thread_id: str) -> ThreadTotals:
        mine = [
            m
            for m in self._tables["messages"].values()
            if m.thread_id == thread_id and m.workspace_id == workspace_id
        ]
        return ThreadTotals(len(mine), sum(m.tokens_used for m in mine))

    async def find(self, filt: ThreadFilter, after: ThreadKey | None, limit: int) -> list[Thread]:
        rows = sorted(
            (
                t
                for t in self._t.values()
                if t.workspace_id == filt.workspace_id
                and t.status in filt.statuses
                and (filt.owner_id is None or t.owner_id == filt.owner_id)
                and (not filt.run_statuses or t.run_status in filt.run_statuses)
            ),
            key=lambda t: (t.updated_at, t.id),
            reverse=True,
        )
        if after is not None:
            rows = [t for t in rows if (t.updated_at, t.id) < after]
        return [copy.deepcopy(t) for t in rows[:limit]]
