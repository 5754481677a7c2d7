"""The jobs concern: how often the rescuer returns lapsed leases to the queue, and how
often a quiet WatchJob stream sends a heartbeat, and how long finished jobs are kept."""

from __future__ import annotations

from pydantic import Field

from entrypoints.settings.base import Concern, env


class JobsSettings(Concern):
    rescue_seconds: float = Field(
        15.0, gt=0, le=3600, validation_alias=env("STRATA_JOBS_RESCUE_SECONDS")
    )
    watch_heartbeat_seconds: float = Field(
        15.0, gt=0, le=3600, validation_alias=env("STRATA_JOBS_WATCH_HEARTBEAT_SECONDS")
    )
    # Finished jobs older than this are purged (0: kept forever). 30 days keeps a month of
    # history to debug from and for the analytics outbox to drain, while a busy queue's
    # table and indexes stay the size of a month's work.
    retention_days: int = Field(
        30, ge=0, le=36_500, validation_alias=env("STRATA_JOBS_RETENTION_DAYS")
    )
