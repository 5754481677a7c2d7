"""A job's row and back: which columns a write may change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.postgres.jobs.tables import jobs
from domain.jobs.model import Job
from domain.jobs.values import JobStatus

FIELDS = [c.name for c in jobs.c]
MUTABLE = [f for f in FIELDS if f not in ("id", "workspace_id", "owner_id", "created_at")]


def job_of(row: Mapping[str, Any]) -> Job:
    values = {f: row[f] for f in FIELDS}
    values["status"] = JobStatus(row["status"])
    return Job(**values)
