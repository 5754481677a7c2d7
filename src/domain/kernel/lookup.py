"""Get or NOT_FOUND: the two checks every read by id makes."""

from __future__ import annotations

from typing import TypeVar

from domain.kernel.errors import InvalidArgument, NotFound, quoted

T = TypeVar("T")


def required(key: str, field: str = "id") -> str:
    """An id the request must carry; INVALID_ARGUMENT naming `field` when empty."""
    if not key:
        raise InvalidArgument.of(field, "is required")
    return key


def found(value: T | None, what: str, key: str) -> T:
    """`value`, or NOT_FOUND saying which `what` was missing."""
    if value is None:
        raise NotFound(f"{what} {quoted(key)} not found")
    return value
