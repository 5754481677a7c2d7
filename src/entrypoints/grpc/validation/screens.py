"""Screens: one pass over every element of a repeated message field, column by column,
that tells when none of them can break a limit. The element-by-element walk, which names
each violation, then runs only when one might: a screen may fail a valid batch (it is
then walked), never pass one the walk would refuse."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import isfinite
from operator import attrgetter
from typing import Any, cast

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from entrypoints.grpc.validation import limits, well_known
from entrypoints.grpc.validation.found import NUL, Found
from entrypoints.grpc.validation.scalars import UUID
from strata.v1.field_limits_pb2 import FieldLimits

F = FieldDescriptor
Screen = Callable[[Sequence[Any]], bool]  # the messages, or one field's values of them
_screens: dict[str, Screen | None] = {}


class _Unscreenable(Exception):
    """A field no column check covers (a URL, a recursive message): walk instead."""


def screen_for(descriptor: Descriptor) -> Screen | None:
    name = descriptor.full_name
    if name not in _screens:
        _screens[name] = None  # what a recursive reference to it sees while it is built
        try:
            parts = [p for f in descriptor.fields if (p := _field(f)) is not None]
        except _Unscreenable:
            return None
        _screens[name] = lambda messages: _all(parts, list(messages))
    return _screens[name]


def _all(parts: list[Screen], messages: list[Any]) -> bool:
    """The messages as a list: a repeated field makes its elements anew on each pass."""
    return all(p(messages) for p in parts)


def _field(field: FieldDescriptor) -> Screen | None:
    given = limits.declared(field)
    lim = given or limits.DEFAULT
    max_items = lim.max_items or limits.DEFAULT.max_items
    get = attrgetter(field.name)
    if limits.is_map(field):
        return _map(field, lim, max_items)
    element = None if field.is_repeated and lim.embedding else _values(field, lim, given)
    if not field.is_repeated:
        return None if element is None else lambda ms: element(list(map(get, ms)))

    def repeated(messages: Sequence[Any]) -> bool:
        lists = list(map(get, messages))
        if any(len(values) > max_items for values in lists):
            return False
        return element is None or element([v for values in lists for v in values])

    return repeated


def _map(field: FieldDescriptor, lim: FieldLimits, max_items: int) -> Screen:
    entry = cast(Descriptor, field.message_type)
    keys = _values(entry.fields_by_name["key"], limits.DEFAULT, None)
    values = _values(entry.fields_by_name["value"], lim, limits.declared(field))
    get = attrgetter(field.name)

    def check(messages: Sequence[Any]) -> bool:
        maps = list(map(get, messages))
        if any(len(mapping) > max_items for mapping in maps):
            return False
        if keys is not None and not keys([k for mapping in maps for k in mapping]):
            return False
        return values is None or values([m[k] for m in maps for k in m])

    return check


def _values(field: FieldDescriptor, lim: FieldLimits, given: FieldLimits | None) -> Screen | None:
    kind = field.type
    if kind == F.TYPE_STRING:
        return _strings(limits.with_chars(lim), field.is_repeated or field.has_presence)
    if kind == F.TYPE_BYTES:
        most = limits.with_chars(lim).max_chars
        return lambda vs: max(map(len, vs), default=0) <= most
    if kind in limits.INTEGERS:
        low, high = limits.integer_range(field, lim, given)
        if (low, high) == limits.WIDE:
            return None
        return lambda vs: not vs or (low <= min(vs) and max(vs) <= high)
    if kind == F.TYPE_ENUM:
        numbers = frozenset(field.enum_type.values_by_number) if field.enum_type else frozenset()
        return lambda vs: set(vs) <= numbers
    if kind in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
        least, highest = limits.float_range(lim)
        return lambda vs: (
            all(map(isfinite, vs)) and (not vs or least <= min(vs) <= max(vs) <= highest)
        )
    if field.message_type is not None:
        return _messages(field.message_type, lim)
    return None  # bool


def _strings(lim: FieldLimits, empty_is_set: bool) -> Screen:
    if lim.url:
        raise _Unscreenable(lim)
    max_chars, uuid = lim.max_chars, lim.uuid
    max_bytes = lim.max_bytes or 4 * max_chars

    def check(values: Sequence[str]) -> bool:
        longest = max(map(len, values), default=0)
        if longest > max_chars or NUL in "".join(values):
            return False
        if 4 * longest > max_bytes and any(len(v.encode()) > max_bytes for v in values):
            return False
        if not uuid:
            return True
        present = values if empty_is_set else [v for v in values if v]
        return all(map(UUID.fullmatch, present))

    return check


def _messages(descriptor: Descriptor, lim: FieldLimits) -> Screen:
    special = well_known.CHECKS.get(descriptor.full_name)
    if special is not None:
        check = special(lim.max_bytes or limits.DEFAULT.max_bytes)

        def each(values: Sequence[Any]) -> bool:
            found = Found()
            for value in values:
                check(value, "", found)
                if found.violations:
                    return False
            return True

        return each
    inner = screen_for(descriptor)
    if inner is None:
        raise _Unscreenable(descriptor.full_name)
    most = lim.max_bytes
    return lambda vs: (not most or all(v.ByteSize() <= most for v in vs)) and inner(vs)
