"""Knowledge repositories on PostgreSQL: documents, chunks and their search, evaluations."""

from adapters.postgres.knowledge.chunks import SqlaChunkRepository
from adapters.postgres.knowledge.documents import SqlaDocumentRepository
from adapters.postgres.knowledge.evaluations import SqlaEvaluationRepository

__all__ = ["SqlaChunkRepository", "SqlaDocumentRepository", "SqlaEvaluationRepository"]
