"""Protobuf ⇄ domain conversions shared by the servicers."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from google.protobuf import duration_pb2, field_mask_pb2, json_format, struct_pb2, timestamp_pb2

from domain.kernel.errors import InvalidArgument
from domain.kernel.roles import Role
from strata.v1 import common_pb2

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def ts(value: datetime | None) -> timestamp_pb2.Timestamp | None:
    """Exact to the microsecond; cheaper than Timestamp.FromDatetime on the hot path."""
    if value is None:
        return None
    delta = value - _EPOCH
    return timestamp_pb2.Timestamp(
        seconds=delta.days * 86400 + delta.seconds, nanos=delta.microseconds * 1000
    )


def struct(value: dict[str, Any]) -> struct_pb2.Struct:
    out = struct_pb2.Struct()
    out.update(value)
    return out


def from_struct(value: struct_pb2.Struct) -> dict[str, Any]:
    """As json_format.MessageToDict, read directly when every value is a string, a bool or a
    finite number (what per-chunk metadata mostly is)."""
    out: dict[str, Any] = {}
    fields = value.fields
    for key in fields:
        item = fields[key]
        kind = item.WhichOneof("kind")
        if kind == "string_value":
            out[key] = item.string_value
        elif kind == "bool_value":
            out[key] = item.bool_value
        elif kind == "number_value" and math.isfinite(item.number_value):
            out[key] = item.number_value
        else:
            return json_format.MessageToDict(value)
    return out


def duration(message: Any, field: str) -> timedelta | None:
    if not message.HasField(field):
        return None
    d: duration_pb2.Duration = getattr(message, field)
    return d.ToTimedelta()


def role_from_proto(value: int, field: str = "role", required: bool = False) -> Role | None:
    if value == common_pb2.ROLE_UNSPECIFIED:
        if required:
            raise InvalidArgument.of(field, "is required")
        return None
    try:
        return Role(value)
    except ValueError:
        raise InvalidArgument.of(field, f"unknown role {value}") from None


def role_to_proto(role: Role) -> common_pb2.Role:
    return cast("common_pb2.Role", int(role))


def mask_paths(mask: field_mask_pb2.FieldMask) -> list[str]:
    return list(mask.paths)


def changes_from(
    message: Any, mask: field_mask_pb2.FieldMask, special: dict[str, Any]
) -> dict[str, Any]:
    """Turn mask paths into {path: value}; Struct fields become dicts, sub-paths resolve inside."""
    out: dict[str, Any] = {}
    for path in mask_paths(mask):
        if path in special:
            out[path] = special[path]
            continue
        root, _, rest = path.partition(".")
        descriptor = message.DESCRIPTOR.fields_by_name.get(root)
        if descriptor is None:
            out[path] = None
            continue
        value = getattr(message, root)
        if isinstance(value, struct_pb2.Struct):
            value = from_struct(value)
            for key in rest.split(".") if rest else []:
                value = value.get(key) if isinstance(value, dict) else None
        out[path] = value
    return out
