"""A job's row and back: which columns a write may change."""

from __future__ import annotations

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


def job_of(row: Mapping[str, Any]) -> Job:
    """A row as SQLAlchemy decodes it, or as the driver does (uuid objects, jsonb as
    text), to a job."""
    values = {f: row[f] for f in FIELDS}
    for name in _UUIDS:
        if (value := values[name]) is not None:
            values[name] = str(value)
    for name in _JSON:
        if isinstance(value := values[name], str):
            values[name] = json.loads(value)
    values["status"] = JobStatus(values["status"])
    return Job(**values)
