"""Which document fields an update may touch, and how."""

from __future__ import annotations

from typing import Any

from domain.kernel.errors import InvalidArgument, Validator, quoted
from domain.kernel.jsonmerge import merge_patch, set_path
from domain.knowledge.model import Document
from domain.knowledge.values import MAX_MIME_TYPE, MAX_TITLE, canonical_url, check_embedding

PATHS = {"title", "metadata", "source_url", "mime_type", "embedding"}


def check_text(raw: str, field: str, max_length: int, required: bool = False) -> str:
    value = raw.strip()
    if required and not value:
        raise InvalidArgument.of(field, "is required")
    if len(value) > max_length:
        raise InvalidArgument.of(field, f"must be at most {max_length} characters")
    return value


def apply_document_changes(document: Document, changes: dict[str, Any], dim: int) -> None:
    """Apply mask paths to `document`; every bad path or value is reported at once."""
    if not changes:
        raise InvalidArgument.of("update_mask", "must name at least one field")
    v = Validator()
    for path, value in changes.items():
        root = path.split(".", 1)[0]
        if root not in PATHS or (root != "metadata" and "." in path):
            v.add("update_mask", f"unknown or read-only field '{quoted(path)}'")
            continue
        try:
            _apply(document, path, value, dim)
        except InvalidArgument as exc:
            v.violations.extend(exc.violations)
    v.raise_if_any()


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
