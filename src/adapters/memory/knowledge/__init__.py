"""Knowledge repositories in memory: documents, chunks and their search, evaluations."""

from adapters.memory.knowledge.chunks import InMemoryChunkRepository
from adapters.memory.knowledge.documents import InMemoryDocumentRepository
from adapters.memory.knowledge.evaluations import InMemoryEvaluationRepository

__all__ = ["InMemoryChunkRepository", "InMemoryDocumentRepository", "InMemoryEvaluationRepository"]
