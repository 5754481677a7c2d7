"""Every concern's settings, composed into the one object the application is built from."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from entrypoints.settings.analytics import AnalyticsSettings
from entrypoints.settings.audit import AuditSettings
from entrypoints.settings.auth import AuthSettings
from entrypoints.settings.base import Concern, SettingsError
from entrypoints.settings.client import ClientSettings
from entrypoints.settings.content import ContentSettings
from entrypoints.settings.database import DatabaseSettings
from entrypoints.settings.jobs import JobsSettings
from entrypoints.settings.knowledge import KnowledgeSettings
from entrypoints.settings.migrations import MigrationSettings
from entrypoints.settings.observability import ObservabilitySettings
from entrypoints.settings.server import ServerSettings
from entrypoints.settings.urls import redact_url

CONCERNS: dict[str, type[Concern]] = {
    "database": DatabaseSettings,
    "server": ServerSettings,
    "auth": AuthSettings,
    "audit": AuditSettings,
    "knowledge": KnowledgeSettings,
    "jobs": JobsSettings,
    "client": ClientSettings,
    "observability": ObservabilitySettings,
    "migrations": MigrationSettings,
    "analytics": AnalyticsSettings,
    "content": ContentSettings,
}


class Settings(BaseModel):
    """`settings.database.pool_options()`, `settings.knowledge.embedding_dim`, ..."""

    model_config = ConfigDict(frozen=True)

    database: DatabaseSettings
    server: ServerSettings
    auth: AuthSettings
    audit: AuditSettings
    knowledge: KnowledgeSettings
    jobs: JobsSettings
    client: ClientSettings
    observability: ObservabilitySettings
    migrations: MigrationSettings
    analytics: AnalyticsSettings
    content: ContentSettings

    @classmethod
    def build(cls, **options: Any) -> Settings:
        """Each concern from the same sources (`options` as a Concern takes them, e.g.
        `_env_file`); every concern's problems reported together."""
        built: dict[str, Any] = {}
        errors: list[SettingsError] = []
        for name, concern in CONCERNS.items():
            try:
                built[name] = concern(**options)
            except SettingsError as exc:
                errors.append(exc)
        if errors:
            raise SettingsError(
                "; ".join(e.message for e in errors), tuple(v for e in errors for v in e.variables)
            )
        return cls(**built)

    @staticmethod
    def redacted(url: str | None) -> str:
        return redact_url(url)
