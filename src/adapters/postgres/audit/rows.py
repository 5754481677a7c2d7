"""Audit entries as rows, in the form PostgreSQL gives back, and back as entries."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC
from typing import Any

from adapters.postgres.audit.tables import audit_entries
from domain.audit.entry import AuditEntry, Outcome

FIELDS = [c.name for c in audit_entries.c]


def row_of(entry: AuditEntry) -> dict[str, Any]:
    row = {name: getattr(entry, name) for name in FIELDS}
    row["outcome"] = str(entry.outcome)
    return row


def values_of(entry: AuditEntry) -> tuple[Any, ...]:
    row = row_of(entry)
    return tuple(row[name] for name in FIELDS)


def entry_of(row: Mapping[Any, Any]) -> AuditEntry:
    values = {name: row[name] for name in FIELDS}
    for name in ("id", "user_id", "workspace_id", "peer_ip"):
        if values[name] is not None:
            values[name] = str(values[name])
    values["occurred_at"] = values["occurred_at"].astimezone(UTC)
    values["outcome"] = Outcome(values["outcome"])
    return AuditEntry(**values)


def text_values_of(entry: AuditEntry) -> tuple[Any, ...]:
    """`_values` for a connection whose json codec takes text (SQLAlchemy's)."""
    row = row_of(entry)
    row["roles"], row["request"] = json.dumps(row["roles"]), json.dumps(row["request"])
    return tuple(row[name] for name in FIELDS)
