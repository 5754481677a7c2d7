"""The limits a field is checked against: its (strata.v1.limits), or the defaults."""

from __future__ import annotations

from typing import Any, cast

from google.protobuf.descriptor import FieldDescriptor

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
LIMITS = cast(Any, field_limits_pb2).limits  # the (strata.v1.limits) extension


def declared(field: FieldDescriptor) -> FieldLimits | None:
    options = field.GetOptions()
    if not options.HasExtension(LIMITS):
        return None
    return cast(FieldLimits, options.Extensions[LIMITS])


def is_map(field: FieldDescriptor) -> bool:
    return field.message_type is not None and field.message_type.GetOptions().map_entry


def integer_range(
    field: FieldDescriptor, lim: FieldLimits, given: FieldLimits | None
) -> tuple[int, int]:
    low, high = WIDE if given is not None else INTEGERS[field.type]
    low = lim.min if lim.HasField("min") else low
    high = lim.max if lim.HasField("max") else high
    return low, high


def float_range(lim: FieldLimits) -> tuple[float, float]:
    least = lim.min_number if lim.HasField("min_number") else float("-inf")
    most = lim.max_number if lim.HasField("max_number") else float("inf")
    return least, most


def with_chars(lim: FieldLimits) -> FieldLimits:
    """`lim`, with the default max_chars when it declares none."""
    if lim.max_chars:
        return lim
    out = FieldLimits()
    out.CopyFrom(lim)
    out.max_chars = DEFAULT.max_chars
    return out
