"""Checks of the well-known types: Timestamp, Duration, Struct, Value, ListValue, FieldMask."""

from __future__ import annotations

from collections.abc import Callable
from math import isfinite
from typing import Any

from google.protobuf import struct_pb2

from entrypoints.grpc.validation.found import NUL, Found, key_path
from entrypoints.grpc.validation.scalars import NO_NUL, NOT_FINITE, Check

MIN_SECONDS = -62_135_596_800  # 0001-01-01T00:00:00Z
MAX_SECONDS = 253_402_300_799  # 9999-12-31T23:59:59Z
MAX_DURATION_SECONDS = 315_576_000_000  # about 10,000 years, as protobuf defines it
MAX_NANOS = 999_999_999
MAX_DEPTH = 32
MAX_PATHS, MAX_PATH_CHARS = 100, 256


def timestamp(value: Any, path: str, found: Found) -> None:
    if not MIN_SECONDS <= value.seconds <= MAX_SECONDS:
        found.add(path, "must be between 0001-01-01 and 9999-12-31")
    elif not 0 <= value.nanos <= MAX_NANOS:
        found.add(path, "must have nanos between 0 and 999,999,999")


def duration(value: Any, path: str, found: Found) -> None:
    seconds, nanos = value.seconds, value.nanos
    if not -MAX_DURATION_SECONDS <= seconds <= MAX_DURATION_SECONDS:
        found.add(path, f"must be within ±{MAX_DURATION_SECONDS:,} seconds")
    elif not -MAX_NANOS <= nanos <= MAX_NANOS or seconds * nanos < 0:
        found.add(path, "must have nanos within ±999,999,999, of the same sign as seconds")


def field_mask(value: Any, path: str, found: Found) -> None:
    paths = value.paths
    if len(paths) > MAX_PATHS:
        found.add(f"{path}.paths", f"must hold at most {MAX_PATHS} paths")
        return
    for i, item in enumerate(paths):
        if NUL in item:
            found.add(f"{path}.paths[{i}]", NO_NUL)
        elif len(item) > MAX_PATH_CHARS:
            found.add(f"{path}.paths[{i}]", f"must be at most {MAX_PATH_CHARS} characters")


def _sized(walk: Callable[[Any, str, int, Found], None]) -> Callable[[int], Check]:
    """A check of at most `max_bytes` serialized, then `walk` (MAX_DEPTH deep, no NUL,
    finite numbers) for a JSON object, value or list."""

    def factory(max_bytes: int) -> Check:
        def check(value: Any, path: str, found: Found) -> None:
            size = value.ByteSize()
            if size > max_bytes:
                found.add(path, f"must be at most {max_bytes:,} bytes serialized, not {size:,}")
            else:
                walk(value, path, 1, found)

        return check

    return factory


def _struct(value: struct_pb2.Struct, path: str, depth: int, found: Found) -> None:
    if depth > MAX_DEPTH:
        found.add(path, f"must be nested at most {MAX_DEPTH} levels deep")
        return
    fields = value.fields
    for key in fields:
        item = fields[key]
        if NUL in key:
            found.add(key_path(path, key), "keys " + NO_NUL)
        kind = item.WhichOneof("kind")
        if kind == "string_value":
            if NUL in item.string_value:
                found.add(key_path(path, key), NO_NUL)
        elif kind == "number_value":
            if not isfinite(item.number_value):
                found.add(key_path(path, key), NOT_FINITE)
        elif kind == "struct_value":
            _struct(item.struct_value, key_path(path, key), depth + 1, found)
        elif kind == "list_value":
            _list(item.list_value, key_path(path, key), depth + 1, found)


def _list(value: struct_pb2.ListValue, path: str, depth: int, found: Found) -> None:
    if depth > MAX_DEPTH:
        found.add(path, f"must be nested at most {MAX_DEPTH} levels deep")
        return
    for i, item in enumerate(value.values):
        kind = item.WhichOneof("kind")
        if kind == "string_value":
            if NUL in item.string_value:
                found.add(f"{path}[{i}]", NO_NUL)
        elif kind == "number_value":
            if not isfinite(item.number_value):
                found.add(f"{path}[{i}]", NOT_FINITE)
        elif kind is not None and kind != "bool_value" and kind != "null_value":
            _value(item, f"{path}[{i}]", depth, found)


def _value(value: struct_pb2.Value, path: str, depth: int, found: Found) -> None:
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        if NUL in value.string_value:
            found.add(path, NO_NUL)
    elif kind == "number_value":
        if not isfinite(value.number_value):
            found.add(path, NOT_FINITE)
    elif kind == "struct_value":
        _struct(value.struct_value, path, depth + 1, found)
    elif kind == "list_value":
        _list(value.list_value, path, depth + 1, found)


struct_check = _sized(_struct)
value_check = _sized(_value)
list_value_check = _sized(_list)
# The check of each well-known message type, given its field's max_bytes.
CHECKS: dict[str, Callable[[int], Check]] = {
    "google.protobuf.Timestamp": lambda _: timestamp,
    "google.protobuf.Duration": lambda _: duration,
    "google.protobuf.FieldMask": lambda _: field_mask,
    "google.protobuf.Struct": struct_check,
    "google.protobuf.Value": value_check,
    "google.protobuf.ListValue": list_value_check,
}
