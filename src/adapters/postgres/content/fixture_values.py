"""Values of a TSV fixture's cells, read as the columns take them; a bad one raises
BadCell with a message that names what is wrong (the caller adds file, line, column)."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

MAX_JSON_BYTES = 64 * 1024
MAX_JSON_DEPTH = 32
_TRUE = {"true", "t", "1", "yes", "y"}
_FALSE = {"false", "f", "0", "no", "n"}


class BadCell(ValueError):
    pass


def text(raw: str, most: int, required: bool = True) -> str:
    if required and not raw.strip():
        raise BadCell("is required")
    if len(raw) > most:
        raise BadCell(f"must be at most {most:,} characters")
    return raw


def one_of(raw: str, allowed: tuple[str, ...], default: str) -> str:
    value = raw.strip().lower() or default
    if value not in allowed:
        raise BadCell(f"must be one of {', '.join(allowed)}")
    return value


def number(raw: str, low: float, high: float) -> float | None:
    if not raw.strip():
        return None
    try:
        value = float(raw)
    except ValueError:
        raise BadCell("is not a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise BadCell(f"must be from {low:g} to {high:g}")
    return value


def integer(raw: str, low: int, high: int) -> int | None:
    value = number(raw, low, high)
    if value is not None and not value.is_integer():
        raise BadCell("must be a whole number")
    return None if value is None else int(value)


def flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE or not value:
        return False
    raise BadCell("must be true or false")


def moment(raw: str, default: datetime | None) -> datetime | None:
    """An ISO 8601 time; without a zone it is UTC."""
    if not raw.strip():
        return default
    try:
        at = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise BadCell("is not an ISO 8601 time") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _refuse_constant(name: str) -> Any:
    raise BadCell(f"holds {name}, which JSON has no number for")


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def json_object(raw: str) -> str:
    """A JSON object (empty: {}), at most 64 KiB and 32 levels deep, as JSONB stores it."""
    if not raw.strip():
        return "{}"
    try:
        value = json.loads(raw, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise BadCell(f"is not JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise BadCell("must be a JSON object")
    if _depth(value) > MAX_JSON_DEPTH:
        raise BadCell(f"must be nested at most {MAX_JSON_DEPTH} levels deep")
    stored = json.dumps(value)
    if "\\u0000" in stored:
        raise BadCell("must not hold NUL")
    if len(stored.encode()) > MAX_JSON_BYTES:
        raise BadCell("must be at most 64 KiB as JSON")
    return stored


def string_list(raw: str) -> list[str]:
    """A JSON array of strings, or PostgreSQL's {a,b} form (unquoted words)."""
    value = raw.strip()
    if not value:
        return []
    if value.startswith("{") and value.endswith("}"):
        return [t.strip().strip('"') for t in value[1:-1].split(",") if t.strip()]
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        raise BadCell("must be a JSON array of strings or {a,b}") from None
    if not isinstance(parsed, list) or not all(isinstance(t, str) for t in parsed):
        raise BadCell("must be a JSON array of strings or {a,b}")
    return parsed
