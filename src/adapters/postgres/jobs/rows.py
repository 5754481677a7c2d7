"""A job's row and back: which columns a write may change."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from adapters.postgres.jobs.tables import jobs
from domain.jobs.model import Job
from domain.jobs.values import JobStatus

FIELDS = [c.name for c in jobs.c]
MUTABLE = [f for f in FIELDS if f not in ("id", "workspace_id", "owner_id", "created_at")]


_UUIDS = tuple(c.name for c in jobs.c if isinstance(c.type, UUID))
_JSON = tuple(c.name for c in jobs.c if isinstance(c.type, sa.JSON))
# The columns in the order of Job's fields, so that a job is built from positions.
_ORDER = [f.name for f in dataclasses.fields(Job)]
assert sorted(_ORDER) == sorted(FIELDS), "a job's fields are the table's columns"
_UUID_AT = [_ORDER.index(name) for name in _UUIDS]
_JSON_AT = [_ORDER.index(name) for name in _JSON]
_STATUS_AT = _ORDER.index("status")
_STATUSES = {str(s): s for s in JobStatus}


def job_of(row: Mapping[str, Any]) -> Job:
    """A row as SQLAlchemy decodes it, or as the driver does (uuid objects, jsonb as
    text), to a job."""
    values = [row[name] for name in _ORDER]
    for i in _UUID_AT:
        if (value := values[i]) is not None:
            values[i] = str(value)
    for i in _JSON_AT:
        if isinstance(value := values[i], str):
            values[i] = json.loads(value)
    values[_STATUS_AT] = _STATUSES[values[_STATUS_AT]]
    return Job(*values)
