"""What a job's state change leaves behind: its history, and the analytics outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.jobs.values import JobStatus


@dataclass(frozen=True, slots=True)
class JobEvent:
    """One state change of a job (seq counts from 1 per job); from_status None: created."""

    job_id: str
    workspace_id: str
    seq: int
    from_status: JobStatus | None
    to_status: JobStatus
    progress: float
    at: datetime
    detail: dict[str, Any] = field(default_factory=dict)
