"""Which thread fields an update may touch, and how."""

from __future__ import annotations

from typing import Any

from domain.conversations.model import Thread
from domain.conversations.values import MAX_TITLE, ThreadStatus, check_text
from domain.kernel.errors import InvalidArgument, Validator, quoted
from domain.kernel.jsonmerge import merge_patch, set_path

PATHS = {"title", "metadata", "status"}


def apply_thread_changes(thread: Thread, changes: dict[str, Any]) -> None:
    """Apply mask paths to `thread`; every bad path or value is reported at once."""
    if not changes:
        raise InvalidArgument.of("update_mask", "must name at least one field")
    v = Validator()
    for path, value in changes.items():
        root = path.split(".", 1)[0]
        if root not in PATHS or (root != "metadata" and "." in path):
            v.add("update_mask", f"unknown or read-only field '{quoted(path)}'")
            continue
        try:
            _apply(thread, path, value)
        except InvalidArgument as exc:
            v.violations.extend(exc.violations)
    v.raise_if_any()


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
