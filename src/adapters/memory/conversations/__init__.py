"""Conversation repositories in memory: threads and their messages."""

from __future__ import annotations

from adapters.memory.conversations.messages import InMemoryMessageRepository
from adapters.memory.conversations.threads import InMemoryThreadRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    return {"threads": InMemoryThreadRepository(t), "messages": InMemoryMessageRepository(t)}


MEMORY = MemoryRepositories(("threads", "messages"), _repositories)
