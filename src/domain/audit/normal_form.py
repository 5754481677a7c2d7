"""The form an entry is sealed in: the form every store gives it back in, and always storable.

UUIDs lower-case, times in UTC, addresses as `ipaddress` prints them, roles and
request plain JSON. An entry read back from any store then hashes as it did when
it was appended. Whatever a request held, its entry can be stored: NUL characters
are escaped, non-finite numbers replaced, oversized text cut with a marker and
over-deep structures cut (see `storable`); only programming errors (an entry id
that is not a UUID) raise.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import uuid
from datetime import UTC
from typing import Any

from domain.audit.entry import AuditEntry
from domain.kernel.errors import InvalidArgument

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NUL = "\x00"
NUL_ESCAPED = "\\u0000"
MAX_DEPTH = 16
MAX_JSON_STRING = 4096
# Column widths (characters) of the text fields; None: unbounded text, cut at MAX_TEXT.
MAX_TEXT = 8192
TEXT_LIMITS: dict[str, int] = {
    "username": 255,
    "action": 255,
    "resource": 500,
    "request_id": 128,
    "user_agent": 1024,
    "error_message": MAX_TEXT,
}


def canonical_uuid(value: str | None) -> str | None:
    """The canonical form of an id, or None when it cannot be one."""
    if value and _CANONICAL_UUID.fullmatch(value):
        return value
    try:
        return str(uuid.UUID(value)) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


@functools.lru_cache(maxsize=4096)
def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.split("%")[0]))
    except ValueError:
        return None


def storable_text(value: str, limit: int) -> str:
    """`value` with NUL escaped, cut to `limit` characters with a marker saying how long
    it was."""
    if NUL in value:
        value = value.replace(NUL, NUL_ESCAPED)
    if len(value) <= limit:
        return value
    marker = f"… [{len(value)} chars]"
    return value[: max(limit - len(marker), 0)] + marker


def storable_json(value: Any, depth: int = 0) -> Any:
    """Plain JSON a store keeps as given: str keys, finite numbers, bounded strings and depth.

    NaN and infinities become the strings "NaN", "Infinity", "-Infinity"; what is nested
    deeper than MAX_DEPTH becomes "[nested too deep]"; other objects their `str`."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "Infinity" if value > 0 else "-Infinity"
        return value
    if isinstance(value, str):
        return storable_text(value, MAX_JSON_STRING)
    if depth >= MAX_DEPTH and isinstance(value, (dict, list, tuple)):
        return "[nested too deep]"
    if isinstance(value, dict):
        return {
            storable_text(str(k), MAX_JSON_STRING): storable_json(v, depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [storable_json(v, depth + 1) for v in value]
    return storable_text(str(value), MAX_JSON_STRING)


def normalise(entry: AuditEntry) -> None:
    """Put `entry` in its normal form, in place. Only an `id` that is no UUID raises."""
    key = canonical_uuid(entry.id)
    if key is None:
        raise InvalidArgument.of("id", "is not a UUID")
    entry.id = key
    entry.user_id = canonical_uuid(entry.user_id)
    entry.workspace_id = canonical_uuid(entry.workspace_id)
    at = entry.occurred_at
    entry.occurred_at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    entry.peer_ip = _address(entry.peer_ip) if entry.peer_ip else None
    for name, limit in TEXT_LIMITS.items():
        value = getattr(entry, name)
        if value is not None:
            setattr(entry, name, storable_text(str(value), limit))
    entry.status_code = storable_text(entry.status_code, 32)
    entry.duration_ms = min(max(int(entry.duration_ms), 0), 2**31 - 1)
    entry.roles = [storable_text(str(r), 255) for r in entry.roles]
    entry.request = storable_json(entry.request)
