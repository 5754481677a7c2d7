"""What Alembic reads when it runs on its own (`alembic upgrade`), outside the service.

The embedding values are handed to migration 0003 as given: it checks them itself, naming
the variables. The service passes its own validated values instead (KnowledgeSettings).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from entrypoints.settings.base import Concern, env


class MigrationSettings(Concern):
    alembic_ini: Path | None = Field(None, validation_alias=env("STRATA_ALEMBIC_INI"))
    migration_url: str | None = Field(None, validation_alias=env("STRATA_MIGRATION_URL"))
    embedding_dim: str | None = Field(None, validation_alias=env("STRATA_EMBEDDING_DIM"))
    embedding_index: str | None = Field(None, validation_alias=env("STRATA_EMBEDDING_INDEX"))
    text_search_config: str | None = Field(None, validation_alias=env("STRATA_TEXT_SEARCH_CONFIG"))

    def options(self) -> dict[str, str]:
        """The migrations' options (as `migrate.upgrade(options=...)` takes them) that are set."""
        given = {
            "STRATA_EMBEDDING_DIM": self.embedding_dim,
            "STRATA_EMBEDDING_INDEX": self.embedding_index,
            "STRATA_TEXT_SEARCH_CONFIG": self.text_search_config,
        }
        return {k: v for k, v in given.items() if v}


def migration_settings(env_file: str | None = ".env") -> MigrationSettings:
    """From the process environment and `.env` (nothing else is checked here)."""
    return MigrationSettings(_env_file=env_file)  # type: ignore[call-arg]
