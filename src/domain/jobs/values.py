"""Value rules of jobs: statuses, kinds and the limits every field keeps."""

from __future__ import annotations

import enum
import math
import re

from domain.kernel.errors import InvalidArgument

MAX_KIND = 64
MAX_AGENT_TYPE = 100  # seed 001 runs.agent_type varchar(100)
MAX_UNIQUE_KEY = 255
MAX_WORKER_ID = 255
MAX_ERROR = 10_000
MAX_CLAIM = 100
MAX_KINDS = 32
MIN_LEASE_SECONDS, MAX_LEASE_SECONDS = 1, 3600
MAX_ATTEMPTS_LIMIT = 100
DEFAULT_MAX_ATTEMPTS = 3
PRIORITY_RANGE = (-1000, 1000)
_KIND = re.compile(r"[a-z0-9_.-]+")


class JobStatus(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def is_terminal(self) -> bool:
        return self in (JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED)


def check_kind(kind: str, field: str = "kind") -> str:
    """A queue name: 1..64 of lowercase letters, digits, `_`, `.` and `-`."""
    if not kind:
        raise InvalidArgument.of(field, "is required")
    if len(kind) > MAX_KIND or not _KIND.fullmatch(kind):
        raise InvalidArgument.of(
            field, f"must be 1 to {MAX_KIND} characters of a-z, 0-9, '_', '.' and '-'"
        )
    return kind


def check_text(value: str, field: str, limit: int) -> str:
    if len(value) > limit:
        raise InvalidArgument.of(field, f"must be at most {limit} characters")
    return value


def check_progress(value: float, field: str = "progress") -> float:
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise InvalidArgument.of(field, "must be between 0 and 1")
    return value


def check_between(value: int, field: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise InvalidArgument.of(field, f"must be between {low} and {high}")
    return value
