"""Documents, chunks and RAG evaluation runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.kernel.versions import check_etag, etag_for
from domain.knowledge.values import DocumentKind, DocumentStatus


@dataclass(slots=True)
class Document:
    id: str
    workspace_id: str
    owner_id: str
    title: str
    kind: DocumentKind
    storage_key: str
    created_at: datetime
    updated_at: datetime
    source_url: str | None = None
    canonical_url: str | None = None
    mime_type: str = ""
    size_bytes: int = 0
    content_hash: str = ""
    status: DocumentStatus = DocumentStatus.PENDING
    error_message: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    embedding: list[float] | None = None
    version: int = 1

    @property
    def etag(self) -> str:
        return etag_for(self.id, self.version)

    def check_etag(self, etag: str) -> None:
        check_etag(self.id, self.version, etag)

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1

    def move_to(self, status: DocumentStatus, error: str | None, now: datetime) -> None:
        """pending → processing → completed | failed; a failure carries its message."""
        self.status.check_move_to(status)
        self.status = status
        self.error_message = error if status == DocumentStatus.FAILED else None
        self.touch(now)


@dataclass(slots=True)
class Chunk:
    id: str
    document_id: str
    workspace_id: str
    ordinal: int
    content: str
    embedding: Sequence[float] | None
    token_count: int = 0
    metadata: dict[str, Any] = field(default_factory=dict)
    created_at: datetime | None = None


@dataclass(slots=True)
class EvaluationRun:
    id: str
    workspace_id: str
    user_id: str
    query: str
    response: str
    created_at: datetime
    sources: list[dict[str, Any]] = field(default_factory=list)
    latency_ms: int = 0
    token_count: int = 0
    quality_score: float | None = None
    feedback: str | None = None  # "thumbs_up" | "thumbs_down"
    metadata: dict[str, Any] = field(default_factory=dict)
