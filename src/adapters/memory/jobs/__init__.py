"""Jobs repositories in memory: the queue and its events."""

from __future__ import annotations

from adapters.memory.jobs.events import InMemoryJobEventRepository
from adapters.memory.jobs.jobs import InMemoryJobRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    return {"jobs": InMemoryJobRepository(t), "job_events": InMemoryJobEventRepository(t)}


MEMORY = MemoryRepositories(("jobs", "job_events"), _repositories)
