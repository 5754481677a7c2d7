"""Which item fields an update may touch, and how."""

from __future__ import annotations

from typing import Any

from domain.content.model import ContentItem
from domain.content.values import (
    MAX_TITLE,
    ContentType,
    Visibility,
    check_data,
    check_quality,
    check_tags,
)
from domain.kernel.errors import InvalidArgument, quoted
from domain.kernel.jsonmerge import merge_patch, set_path
from domain.kernel.masks import apply_mask, check_text

PATHS = {"title", "content_type", "content_data", "metadata", "tags", "quality_score", "visibility"}


def apply_item_changes(item: ContentItem, changes: dict[str, Any]) -> None:
    """Apply mask paths to `item`; every bad path or value is reported at once."""
    apply_mask(changes, PATHS, "metadata", lambda path, value: _apply(item, path, value))


def _apply(item: ContentItem, path: str, value: Any) -> None:
    if path == "title":
        item.title = check_text(str(value or ""), "item.title", MAX_TITLE, required=True)
    elif path == "content_data":
        item.content_data = check_data(str(value or ""), "item.content_data")
    elif path == "content_type":
        item.content_type = _required(value, ContentType, "item.content_type")
    elif path == "visibility":
        item.visibility = _required(value, Visibility, "item.visibility")
    elif path == "tags":
        item.tags = check_tags(list(value or ()), "item.tags")
    elif path == "quality_score":
        item.quality_score = check_quality(value, "item.quality_score")
    elif path == "metadata":
        if not isinstance(value, dict):
            raise InvalidArgument.of("item.metadata", "must be an object")
        item.metadata = merge_patch(item.metadata, value)
    else:
        keys = path.split(".")[1:]
        if not all(keys):
            raise InvalidArgument.of("update_mask", f"malformed path '{quoted(path)}'")
        item.metadata = set_path(item.metadata, keys, value)


def _required(value: Any, kind: type, field: str) -> Any:
    if not isinstance(value, kind):
        raise InvalidArgument.of(field, "is required")
    return value
