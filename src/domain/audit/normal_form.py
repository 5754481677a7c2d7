"""The form an entry is sealed in: the form every store gives it back in.

UUIDs lower-case, times in UTC, addresses as `ipaddress` prints them, roles and
request plain JSON. An entry read back from any store then hashes as it did when
it was appended.
"""

from __future__ import annotations

import functools
import ipaddress
import json
import math
import re
import uuid
from datetime import UTC
from typing import Any

from domain.audit.entry import AuditEntry
from domain.errors import InvalidArgument

_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical_uuid(value: str | None) -> str | None:
    """The canonical form of an id, or None when it cannot be one."""
    if value and _CANONICAL_UUID.fullmatch(value):
        return value
    try:
        return str(uuid.UUID(value)) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


@functools.lru_cache(maxsize=4096)
def _address(value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.split("%")[0]))
    except ValueError:
        raise InvalidArgument.of("peer_ip", "is not an IP address") from None


def _plain(value: Any) -> bool:
    """Already what JSON gives back: no round trip needed (the common case, and cheaper)."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _json(value: Any, field: str) -> Any:
    if _plain(value):
        return value
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError):
        raise InvalidArgument.of(field, "is not JSON") from None


def normalise(entry: AuditEntry) -> None:
    """Put `entry` in its normal form, in place; bad values raise InvalidArgument."""
    for name in ("id", "user_id", "workspace_id"):
        value = getattr(entry, name)
        key = canonical_uuid(value)
        if key is None and (value or name == "id"):
            raise InvalidArgument.of(name, "is not a UUID")
        setattr(entry, name, key)
    at = entry.occurred_at
    entry.occurred_at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    entry.peer_ip = _address(entry.peer_ip) if entry.peer_ip else None
    entry.roles = _json(list(entry.roles), "roles")
    entry.request = _json(entry.request, "request")
