"""The jobs concern: how often the rescuer returns lapsed leases to the queue."""

from __future__ import annotations

from pydantic import Field

from entrypoints.settings.base import Concern, env


class JobsSettings(Concern):
    rescue_seconds: float = Field(
        15.0, gt=0, le=3600, validation_alias=env("STRATA_JOBS_RESCUE_SECONDS")
    )
