"""Checks of one scalar value (string, bytes, integer, enum, float) built from its limits."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from domain.kernel.errors import InvalidArgument
from domain.kernel.urls import parse_http_url
from entrypoints.grpc.validation.found import NUL, Found
from strata.v1.field_limits_pb2 import FieldLimits

Check = Callable[[Any, str, Found], None]
UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
NO_NUL = "must not contain NUL (U+0000)"
NOT_FINITE = "must be a finite number (not NaN or infinity)"


def string_check(limits: FieldLimits) -> Check:
    max_chars, uuid, url = limits.max_chars, limits.uuid, limits.url
    max_bytes = limits.max_bytes or 4 * max_chars  # a character is at most 4 bytes in UTF-8

    def check(value: str, path: str, found: Found) -> None:
        if NUL in value:
            found.add(path, NO_NUL)
        elif len(value) > max_chars:
            found.add(path, f"must be at most {max_chars:,} characters, not {len(value):,}")
        elif 4 * len(value) > max_bytes and len(value.encode()) > max_bytes:
            found.add(path, f"must be at most {max_bytes:,} bytes in UTF-8")
        elif uuid and not UUID.fullmatch(value):
            found.add(path, "is not a well-formed id (a UUID)")
        elif url:
            try:
                parse_http_url(value.strip(), path)
            except InvalidArgument as exc:
                found.add(path, exc.violations[0].description)

    return check


def bytes_check(limits: FieldLimits) -> Check:
    max_bytes = limits.max_chars

    def check(value: bytes, path: str, found: Found) -> None:
        if len(value) > max_bytes:
            found.add(path, f"must be at most {max_bytes:,} bytes")

    return check


def integer_check(low: int, high: int) -> Check:
    def check(value: int, path: str, found: Found) -> None:
        if not low <= value <= high:
            found.add(path, f"must be between {low:,} and {high:,}")

    return check


def enum_check(numbers: frozenset[int]) -> Check:
    def check(value: int, path: str, found: Found) -> None:
        if value not in numbers:
            found.add(path, f"has no value {value}")

    return check


def float_check(low: float, high: float) -> Check:
    def check(value: float, path: str, found: Found) -> None:
        if not math.isfinite(value):
            found.add(path, NOT_FINITE)
        elif not low <= value <= high:
            found.add(path, f"must be between {low:g} and {high:g}")

    return check
