"""A content item: what a workspace publishes, written by a person or generated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.content.values import ContentType, Origin, Visibility
from domain.kernel.versions import check_etag, etag_for


@dataclass(slots=True)
class ContentItem:
    id: str
    workspace_id: str
    creator_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    origin: Origin = Origin.USER
    content_type: ContentType = ContentType.TEXT
    content_data: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    quality_score: float | None = None
    visibility: Visibility = Visibility.PRIVATE
    version: int = 1

    @property
    def etag(self) -> str:
        return etag_for(self.id, self.version)

    def check_etag(self, etag: str) -> None:
        check_etag(self.id, self.version, etag)

    def touch(self, now: datetime) -> None:
        self.updated_at = now
        self.version += 1
