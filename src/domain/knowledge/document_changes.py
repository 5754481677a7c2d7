"""Which document fields an update may touch, and how."""

from __future__ import annotations

from typing import Any

from domain.kernel.errors import InvalidArgument, quoted
from domain.kernel.jsonmerge import merge_patch, set_path
from domain.kernel.masks import apply_mask, check_text
from domain.knowledge.model import Document
from domain.knowledge.values import MAX_MIME_TYPE, MAX_TITLE, canonical_url, check_embedding

PATHS = {"title", "metadata", "source_url", "mime_type", "embedding"}


def apply_document_changes(document: Document, changes: dict[str, Any], dim: int) -> None:
    """Apply mask paths to `document`; every bad path or value is reported at once."""
    apply_mask(changes, PATHS, "metadata", lambda path, value: _apply(document, path, value, dim))


def _apply(document: Document, path: str, value: Any, dim: int) -> None:
    if path == "title":
        document.title = check_text(str(value), "document.title", MAX_TITLE, required=True)
    elif path == "mime_type":
        document.mime_type = check_text(str(value), "document.mime_type", MAX_MIME_TYPE)
    elif path == "source_url":
        url = str(value or "").strip()
        document.canonical_url = canonical_url(url, "document.source_url") if url else None
        document.source_url = url or None
    elif path == "embedding":
        vector = list(value or [])
        document.embedding = check_embedding(vector, dim, "document.embedding") if vector else None
    elif path == "metadata":
        if not isinstance(value, dict):
            raise InvalidArgument.of("document.metadata", "must be an object")
        document.metadata = merge_patch(document.metadata, value)
    else:
        keys = path.split(".")[1:]
        if not all(keys):
            raise InvalidArgument.of("update_mask", f"malformed path '{quoted(path)}'")
        document.metadata = set_path(document.metadata, keys, value)
