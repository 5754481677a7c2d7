"""Partial updates by FieldMask paths, and the text checks their fields share."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from domain.kernel.errors import InvalidArgument, Validator, quoted


def apply_mask(
    changes: dict[str, Any],
    roots: Collection[str],
    nested: str,
    apply: Callable[[str, Any], None],
    admit: Callable[[str, str], None] | None = None,
) -> None:
    """Apply each path of `changes` with `apply`. A path names one of `roots`; only the
    root `nested` (a JSON object) takes keys after a dot. `admit(root, path)` may refuse
    a path by raising. Every bad path or value is reported at once."""
    if not changes:
        raise InvalidArgument.of("update_mask", "must name at least one field")
    v = Validator()
    for path, value in changes.items():
        root = path.split(".", 1)[0]
        if root not in roots or (root != nested and "." in path):
            v.add("update_mask", f"unknown or read-only field '{quoted(path)}'")
            continue
        if admit is not None:
            admit(root, path)
        try:
            apply(path, value)
        except InvalidArgument as exc:
            v.violations.extend(exc.violations)
    v.raise_if_any()


def check_text(raw: str, field: str, max_length: int, required: bool = False) -> str:
    """`raw` without surrounding blanks, at most `max_length` characters."""
    value = raw.strip()
    if required and not value:
        raise InvalidArgument.of(field, "is required")
    if len(value) > max_length:
        raise InvalidArgument.of(field, f"must be at most {max_length} characters")
    return value
