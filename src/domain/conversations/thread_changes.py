"""Which thread fields an update may touch, and how."""

from __future__ import annotations

from typing import Any

from domain.conversations.model import Thread
from domain.conversations.values import MAX_TITLE, ThreadStatus
from domain.kernel.errors import InvalidArgument, quoted
from domain.kernel.jsonmerge import merge_patch, set_path
from domain.kernel.masks import apply_mask, check_text

PATHS = {"title", "metadata", "status"}


def apply_thread_changes(thread: Thread, changes: dict[str, Any]) -> None:
    """Apply mask paths to `thread`; every bad path or value is reported at once."""
    apply_mask(changes, PATHS, "metadata", lambda path, value: _apply(thread, path, value))


def _apply(thread: Thread, path: str, value: Any) -> None:
    if path == "title":
        thread.title = check_text(str(value or ""), "thread.title", MAX_TITLE)
    elif path == "status":
        if not isinstance(value, ThreadStatus):
            raise InvalidArgument.of("thread.status", "is required")
        thread.status.check_move_to(value)
        thread.status = value
    elif path == "metadata":
        if not isinstance(value, dict):
            raise InvalidArgument.of("thread.metadata", "must be an object")
        thread.metadata = merge_patch(thread.metadata, value)
    else:
        keys = path.split(".")[1:]
        if not all(keys):
            raise InvalidArgument.of("update_mask", f"malformed path '{quoted(path)}'")
        thread.metadata = set_path(thread.metadata, keys, value)
