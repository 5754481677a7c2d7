"""Messages in memory: unique sequences per thread, ranges in either order."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from domain.conversations.model import Message
from domain.kernel.errors import AlreadyExists, NotFound
from ports.conversations import MessageRange, RunFacts

Tables = dict[str, dict[Any, Any]]


class InMemoryMessageRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Message] = tables["messages"]

    def _of(self, workspace_id: str, thread_id: str) -> list[Message]:
        return [
            m
            for m in self._t.values()
            if m.thread_id == thread_id and m.workspace_id == workspace_id
        ]

    async def add(self, messages: Sequence[Message]) -> None:
        taken: dict[str, set[int]] = {}
        for message in messages:
            thread = self._tables["threads"].get(message.thread_id)
            if thread is None or thread.workspace_id != message.workspace_id:
                raise NotFound("the referenced thread was not found")
            if message.id in self._t:
                raise AlreadyExists("the resource already exists", field="id")
            if message.thread_id not in taken:
                mine = self._of(message.workspace_id, message.thread_id)
                taken[message.thread_id] = {m.sequence for m in mine}
            if message.sequence in taken[message.thread_id]:
                raise AlreadyExists("this sequence is taken", field="sequence")
            taken[message.thread_id].add(message.sequence)
            self._t[message.id] = copy.deepcopy(message)

    async def get(self, workspace_id: str, thread_id: str, message_id: str) -> Message | None:
        message = self._t.get(message_id)
        if message is None or (message.workspace_id, message.thread_id) != (
            workspace_id,
            thread_id,
        ):
            return None
        return copy.deepcopy(message)

    async def find(self, query: MessageRange, limit: int) -> list[Message]:
        rows = sorted(
            (
                m
                for m in self._of(query.workspace_id, query.thread_id)
                if (query.above is None or m.sequence > query.above)
                and (query.below is None or m.sequence < query.below)
            ),
            key=lambda m: m.sequence,
            reverse=query.newest_first,
        )
        return [copy.deepcopy(m) for m in rows[:limit]]

    async def run_of(self, workspace_id: str, run_id: str) -> RunFacts | None:
        run = self._tables.get("jobs", {}).get(run_id)
        if run is None or run.workspace_id != workspace_id:
            return None
        writing = str(run.status) in ("pending", "running") and not run.cancel_requested
        return RunFacts(str(run.thread_id or ""), writing)
