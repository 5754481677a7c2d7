"""The rules of an event's metadata: JSON of finite numbers, bounded in size and depth."""

from __future__ import annotations

import json
import math
from typing import Any

from domain.kernel.errors import Validator

MAX_METADATA_BYTES = 64 * 1024
MAX_METADATA_DEPTH = 16
NUL = "\x00"
JSON_BYTES_PER_CHAR = 6  # at most: a \u escape, and more than any UTF-8 sequence
NUMBER_CHARS = 24  # at most, in JSON: a float's repr, a 64-bit integer
METADATA_JSON = json.JSONEncoder(separators=(",", ":"), allow_nan=False, ensure_ascii=False)


def check_metadata(v: Validator, metadata: dict[str, Any], at: str) -> None:
    if flat_and_small(metadata):
        return
    if _depth(metadata) > MAX_METADATA_DEPTH:
        v.add(at, f"must be nested at most {MAX_METADATA_DEPTH} levels deep")
        return
    try:
        text = METADATA_JSON.encode(metadata)
    except (TypeError, ValueError):
        v.add(at, "must be JSON with finite numbers")
        return
    v.check(len(text.encode()) <= MAX_METADATA_BYTES, at, "must be at most 64 KiB as JSON")
    v.check(not _has_nul(metadata), at, "must not contain NUL (U+0000)")


def flat_and_small(metadata: dict[str, Any]) -> bool:
    """One level of text without NUL, bools, nulls and finite numbers, too short for its
    JSON to reach the limit: what most metadata is, accepted without encoding it."""
    size = 2
    for key, value in metadata.items():
        if type(key) is not str or NUL in key:
            return False
        kind = type(value)
        if kind is str:
            if NUL in value:
                return False
            size += len(value) * JSON_BYTES_PER_CHAR
        elif kind is float:
            if not math.isfinite(value):
                return False
        elif not (value is None or kind is bool or (kind is int and abs(value) < 2**63)):
            return False
        size += len(key) * JSON_BYTES_PER_CHAR + NUMBER_CHARS + 6
    return size <= MAX_METADATA_BYTES


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(NUL in k or _has_nul(x) for k, x in value.items())
    if isinstance(value, list):
        return any(_has_nul(x) for x in value)
    return False


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(x) for x in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(x) for x in value), default=0)
    return 0
