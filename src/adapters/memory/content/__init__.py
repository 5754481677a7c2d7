"""Content repositories in memory: one module per table."""

from __future__ import annotations

from adapters.memory.content.digest_group import DIGEST_TABLES, digest_repositories
from adapters.memory.content.interaction_group import (
    INTERACTION_TABLES,
    interaction_repositories,
)
from adapters.memory.content.items import InMemoryContentItemRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    return {
        "content_items": InMemoryContentItemRepository(t),
        **interaction_repositories(t),
        **digest_repositories(t),
    }


MEMORY = MemoryRepositories(("content_items", *INTERACTION_TABLES, *DIGEST_TABLES), _repositories)
