"""Content repositories in memory: one module per table."""

from __future__ import annotations

from adapters.memory.content.items import InMemoryContentItemRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    return {"content_items": InMemoryContentItemRepository(t)}


MEMORY = MemoryRepositories(("content_items",), _repositories)
