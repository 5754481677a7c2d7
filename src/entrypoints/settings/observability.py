"""The observability concern: logs, the Prometheus endpoint and slow-query reporting."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from entrypoints.settings.base import Concern, env
from entrypoints.settings.server import host_port

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ObservabilitySettings(Concern):
    log_level: str = Field("INFO", validation_alias=env("STRATA_LOG_LEVEL"))
    log_format: Literal["text", "json"] = Field("text", validation_alias=env("STRATA_LOG_FORMAT"))
    metrics_addr: str | None = Field(None, validation_alias=env("STRATA_METRICS_ADDR"))
    slow_query_ms: float = Field(100.0, ge=0, validation_alias=env("STRATA_SLOW_QUERY_MS"))

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
            if value not in LOG_LEVELS:
                raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value

    @field_validator("metrics_addr")
    @classmethod
    def _metrics_address(cls, value: str | None) -> str | None:
        return host_port(value) if value else None
