"""The audit concern: how the trail is written (batches, flushes), what it records, and
how its head is checkpointed and signed."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr

from entrypoints.settings.base import Concern, env


class AuditSettings(Concern):
    secret_fields: ClassVar[frozenset[str]] = frozenset({"audit_checkpoint_secret"})

    audit_health_calls: bool = Field(False, validation_alias=env("STRATA_AUDIT_HEALTH_CALLS"))
    audit_flush_ms: float = Field(
        200.0, gt=0, le=60_000, validation_alias=env("STRATA_AUDIT_FLUSH_MS")
    )
    audit_batch_size: int = Field(500, ge=1, le=10_000, validation_alias=env("STRATA_AUDIT_BATCH"))
    audit_checkpoint_secret: SecretStr = Field(
        SecretStr(""), validation_alias=env("STRATA_AUDIT_CHECKPOINT_SECRET")
    )
    audit_checkpoint_seconds: float = Field(
        60.0, gt=0, le=86_400, validation_alias=env("STRATA_AUDIT_CHECKPOINT_SECONDS")
    )
