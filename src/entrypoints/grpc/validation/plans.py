"""Per message type, the check of each field: built once from the descriptor, then cached."""

from __future__ import annotations

from typing import Any, cast

from google.protobuf.descriptor import Descriptor, FieldDescriptor

from entrypoints.grpc.validation import scalars, well_known
from entrypoints.grpc.validation.found import Found, key_path
from entrypoints.grpc.validation.scalars import Check
from strata.v1 import field_limits_pb2
from strata.v1.field_limits_pb2 import FieldLimits

F = FieldDescriptor
INT4 = (-(2**31), 2**31 - 1)  # an int64 without limits must fit an int4 column
INTEGERS = {
    F.TYPE_INT32: INT4, F.TYPE_SINT32: INT4, F.TYPE_SFIXED32: INT4,
    F.TYPE_UINT32: (0, 2**32 - 1), F.TYPE_FIXED32: (0, 2**32 - 1),
    F.TYPE_INT64: INT4, F.TYPE_SINT64: INT4, F.TYPE_SFIXED64: INT4,
    F.TYPE_UINT64: (0, 2**31 - 1), F.TYPE_FIXED64: (0, 2**31 - 1),
}  # fmt: skip
WIDE = (-(2**63), 2**64 - 1)
# What a field without (strata.v1.limits) gets: conservative, and a unit test makes sure
# every field of every request message of the service declares its own.
DEFAULT = FieldLimits(max_chars=1024, max_items=100, max_bytes=64 * 1024)
MESSAGE_CHECKS = {
    "google.protobuf.Timestamp": lambda _: well_known.timestamp,
    "google.protobuf.Duration": lambda _: well_known.duration,
    "google.protobuf.FieldMask": lambda _: well_known.field_mask,
    "google.protobuf.Struct": well_known.struct_check,
    "google.protobuf.Value": well_known.value_check,
    "google.protobuf.ListValue": well_known.list_value_check,
}
_plans: dict[str, dict[int, Check]] = {}
LIMITS = cast(Any, field_limits_pb2).limits  # the (strata.v1.limits) extension


def declared(field: FieldDescriptor) -> FieldLimits | None:
    options = field.GetOptions()
    if not options.HasExtension(LIMITS):
        return None
    return cast(FieldLimits, options.Extensions[LIMITS])


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
    if field.message_type is not None and field.message_type.GetOptions().map_entry:
        return _map(field, lim)
    element = _element(field, lim, given)
    if not field.is_repeated:
        return element
    return _repeated(None if lim.embedding else element, lim.max_items or DEFAULT.max_items)


def _element(field: FieldDescriptor, lim: FieldLimits, given: FieldLimits | None) -> Check | None:
    kind = field.type
    if kind == F.TYPE_STRING:
        return scalars.string_check(lim if lim.max_chars else _with_chars(lim))
    if kind == F.TYPE_BYTES:
        return scalars.bytes_check(lim if lim.max_chars else _with_chars(lim))
    if kind in INTEGERS:
        low, high = WIDE if given is not None else INTEGERS[kind]
        low = lim.min if lim.HasField("min") else low
        high = lim.max if lim.HasField("max") else high
        return None if (low, high) == WIDE else scalars.integer_check(low, high)
    if kind == F.TYPE_ENUM:
        return scalars.enum_check(frozenset(_enum_numbers(field)))
    if kind in (F.TYPE_FLOAT, F.TYPE_DOUBLE):
        least = lim.min_number if lim.HasField("min_number") else float("-inf")
        most = lim.max_number if lim.HasField("max_number") else float("inf")
        return scalars.float_check(least, most)
    if field.message_type is not None:
        return _message(field.message_type, lim.max_bytes or DEFAULT.max_bytes, lim.max_bytes)
    return None  # bool


def _enum_numbers(field: FieldDescriptor) -> set[int]:
    return set(field.enum_type.values_by_number) if field.enum_type is not None else set()


def _with_chars(lim: FieldLimits) -> FieldLimits:
    out = FieldLimits()
    out.CopyFrom(lim)
    out.max_chars = DEFAULT.max_chars
    return out


def _message(descriptor: Descriptor, max_bytes: int, declared_bytes: int) -> Check:
    special = MESSAGE_CHECKS.get(descriptor.full_name)
    if special is not None:
        return special(max_bytes)

    def nested(value: Any, path: str, found: Found) -> None:
        if declared_bytes and value.ByteSize() > declared_bytes:
            found.add(path, f"must be at most {declared_bytes:,} bytes serialized")
        else:
            check_message(value, path + ".", found)

    return nested


def _repeated(element: Check | None, max_items: int) -> Check:
    def check(values: Any, path: str, found: Found) -> None:
        if len(values) > max_items:
            found.add(path, f"must hold at most {max_items:,} items, not {len(values):,}")
        elif element is not None:
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
