"""Positions in a stream of requests: a repeated field's elements are numbered across the
whole stream (`events[10234].metrics[0].value`), as the use cases number them."""

from __future__ import annotations

import re

from google.protobuf.message import Message

from domain.kernel.errors import FieldViolation, InvalidArgument

_INDEXED = re.compile(r"^(\w+)\[(\d+)\](.*)$", re.S)


def count_elements(request: object, before: dict[str, int]) -> None:
    """Adds the request's repeated (not map) top-level elements to `before`."""
    if not isinstance(request, Message):
        return
    for field, value in request.ListFields():
        if field.is_repeated and not _is_map(field):
            before[field.name] = before.get(field.name, 0) + len(value)


def shifted(error: InvalidArgument, before: dict[str, int]) -> InvalidArgument:
    """`error` with each element path moved past the elements earlier messages sent."""
    if not before:
        return error
    return InvalidArgument([_shift(v, before) for v in error.violations])


def _shift(violation: FieldViolation, before: dict[str, int]) -> FieldViolation:
    match = _INDEXED.match(violation.field)
    if match is None or match.group(1) not in before:
        return violation
    name, index, rest = match.groups()
    return FieldViolation(f"{name}[{int(index) + before[name]}]{rest}", violation.description)


def _is_map(field: object) -> bool:
    kind = getattr(field, "message_type", None)
    return kind is not None and kind.GetOptions().map_entry
