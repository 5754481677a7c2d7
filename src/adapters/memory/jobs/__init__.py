"""Jobs repositories in memory: the queue and its events."""

from __future__ import annotations

from adapters.memory.jobs.events import InMemoryJobEventRepository
from adapters.memory.jobs.jobs import InMemoryJobRepository
from adapters.memory.jobs.signals import SHARED_NAME, InProcessJobSignals
from adapters.memory.jobs.thread_runs import InMemoryThreadRuns
from adapters.memory.jobs.upkeep import InMemoryJobUpkeepRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    signals = store.shared(SHARED_NAME, InProcessJobSignals)
    return {
        "jobs": InMemoryJobRepository(t),
        "job_events": InMemoryJobEventRepository(t, signals),
        "job_upkeep": InMemoryJobUpkeepRepository(t),
        "thread_runs": InMemoryThreadRuns(t),
    }


MEMORY = MemoryRepositories(("jobs", "job_events"), _repositories)
