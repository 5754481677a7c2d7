"""Knowledge repositories in memory: documents, chunks and their search, evaluations."""

from __future__ import annotations

from adapters.memory.knowledge.chunks import InMemoryChunkRepository
from adapters.memory.knowledge.documents import InMemoryDocumentRepository
from adapters.memory.knowledge.evaluations import InMemoryEvaluationRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    return {
        "documents": InMemoryDocumentRepository(t),
        "chunks": InMemoryChunkRepository(t),
        "evaluations": InMemoryEvaluationRepository(t),
    }


MEMORY = MemoryRepositories(("documents", "chunks", "evaluations"), _repositories)
