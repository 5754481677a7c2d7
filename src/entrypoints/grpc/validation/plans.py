"""Per message type, the check of each field: built once from the descriptor, then cached."""

from __future__ import annotations

from typing import Any, cast

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from entrypoints.grpc.validation import scalars, well_known
from entrypoints.grpc.validation.found import Found, key_path
from entrypoints.grpc.validation.limits import (
    DEFAULT,
    INTEGERS,
    WIDE,
    declared,
    float_range,
    integer_range,
    is_map,
    with_chars,
)
from entrypoints.grpc.validation.scalars import Check
from entrypoints.grpc.validation.screens import Screen, screen_for
from strata.v1.field_limits_pb2 import FieldLimits

F = FieldDescriptor
_plans: dict[str, dict[int, Check]] = {}
__all__ = ["check_message", "declared"]


def check_message(message: Any, prefix: str, found: Found) -> None:
    plan = _plans.get(message.DESCRIPTOR.full_name) or _plan(message.DESCRIPTOR)
    for field, value in message.ListFields():
        check = plan.get(field.number)
        if check is not None:
            check(value, prefix + field.name, found)
            if found.full:
                return


def _plan(descriptor: Descriptor) -> dict[int, Check]:
    plan = {}
    for field in descriptor.fields:
        check = _field(field)
        if check is not None:
            plan[field.number] = check
    _plans[descriptor.full_name] = plan
    return plan


def _field(field: FieldDescriptor) -> Check | None:
    given = declared(field)
    lim = given or DEFAULT
    if is_map(field):
        return _map(field, lim)
    element = _element(field, lim, given)
    if not field.is_repeated:
        return element
    if lim.embedding:
        return _repeated(None, lim.max_items or DEFAULT.max_items, None)
    return _repeated(element, lim.max_items or DEFAULT.max_items, _screen(field))


def _screen(field: FieldDescriptor) -> Screen | None:
    message = field.message_type
    if message is None or message.full_name in well_known.CHECKS:
        return None
    return screen_for(message)


def _element(field: FieldDescriptor, lim: FieldLimits, given: FieldLimits | None) -> Check | None:
    kind = field.type
    if kind == F.TYPE_STRING:
        return scalars.string_check(with_chars(lim))
    if kind == F.TYPE_BYTES:
        return scalars.bytes_check(with_chars(lim))
    if kind in INTEGERS:
        low, high = integer_range(field, lim, given)
        return None if (low, high) == WIDE else scalars.integer_check(low, high)
    if kind == F.TYPE_ENUM:
        return scalars.enum_check(frozenset(_enum_numbers(field)))
    if kind in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
        return scalars.float_check(*float_range(lim))
    if field.message_type is not None:
        return _message(field.message_type, lim.max_bytes or DEFAULT.max_bytes, lim.max_bytes)
    return None  # bool


def _enum_numbers(field: FieldDescriptor) -> set[int]:
    return set(field.enum_type.values_by_number) if field.enum_type is not None else set()


def _message(descriptor: Descriptor, max_bytes: int, declared_bytes: int) -> Check:
    special = well_known.CHECKS.get(descriptor.full_name)
    if special is not None:
        return special(max_bytes)

    def nested(value: Any, path: str, found: Found) -> None:
        if declared_bytes and value.ByteSize() > declared_bytes:
            found.add(path, f"must be at most {declared_bytes:,} bytes serialized")
        else:
            check_message(value, path + ".", found)

    return nested


def _repeated(element: Check | None, max_items: int, screen: Screen | None) -> Check:
    """`screen`, when given, lets a batch of elements none of which can break a limit
    through without the walk."""

    def check(values: Any, path: str, found: Found) -> None:
        if len(values) > max_items:
            found.add(path, f"must hold at most {max_items:,} items, not {len(values):,}")
        elif element is not None and (screen is None or not screen(values)):
            for i, value in enumerate(values):
                element(value, f"{path}[{i}]", found)
                if found.full:
                    return

    return check


def _map(field: FieldDescriptor, lim: FieldLimits) -> Check:
    entry = cast(Descriptor, field.message_type)
    key = _element(entry.fields_by_name["key"], DEFAULT, None)
    value = _element(entry.fields_by_name["value"], lim, declared(field))
    max_items = lim.max_items or DEFAULT.max_items

    def check(mapping: Any, path: str, found: Found) -> None:
        if len(mapping) > max_items:
            found.add(path, f"must hold at most {max_items:,} entries, not {len(mapping):,}")
            return
        for k, v in mapping.items():
            where = key_path(path, k)
            if key is not None:
                key(k, where, found)
            if value is not None:
                value(v, where, found)
            if found.full:
                return

    return check
