"""The analytics concern: which ClickHouse (a server at CLICKHOUSE_URL, else chDB embedded
under STRATA_DATA_DIR/clickhouse), its database, the workspaces' default retention, and
how the outbox relay batches and how often it runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar, Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, field_validator

from entrypoints.settings.base import Concern, Problem, env

_DATABASE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")


class AnalyticsSettings(Concern):
    secret_fields: ClassVar[frozenset[str]] = frozenset({"clickhouse_url"})

    clickhouse_url: str | None = Field(None, validation_alias=env("CLICKHOUSE_URL"))
    # Where the embedded chDB keeps its data; None is STRATA_DATA_DIR/clickhouse.
    clickhouse_dir: Path | None = Field(None, validation_alias=env("STRATA_CLICKHOUSE_DIR"))
    # The embedded chDB in a host process of its own (process) or in the server (inline).
    chdb_host: Literal["process", "inline"] = Field(
        "process", validation_alias=env("STRATA_CHDB_HOST")
    )
    clickhouse_database: str = Field(
        "strata_analytics", validation_alias=env("STRATA_CLICKHOUSE_DATABASE")
    )
    retention_days: int = Field(
        90, ge=1, le=3650, validation_alias=env("STRATA_ANALYTICS_RETENTION_DAYS")
    )
    relay_batch: int = Field(
        1000, ge=1, le=10_000, validation_alias=env("STRATA_ANALYTICS_RELAY_BATCH")
    )
    relay_interval_seconds: float = Field(
        1.0, gt=0, le=3600, validation_alias=env("STRATA_ANALYTICS_RELAY_SECONDS")
    )

    @field_validator("clickhouse_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be http(s)://user:password@host:port/database")
        return value.strip()

    @field_validator("clickhouse_database")
    @classmethod
    def _database(cls, value: str) -> str:
        if not _DATABASE.match(value):
            raise ValueError("must be a plain database name (letters, digits, '_')")
        return value

    def model_post_init(self, context: Any, /) -> None:
        named = self.url_database()
        if named and "clickhouse_database" not in self.model_fields_set:
            object.__setattr__(self, "clickhouse_database", named)  # the URL's database
        super().model_post_init(context)

    def url_database(self) -> str:
        return unquote(urlsplit(self.clickhouse_url).path.strip("/")) if self.clickhouse_url else ""

    def problems(self) -> list[Problem]:
        named = self.url_database()
        if named and named != self.clickhouse_database:
            return [
                (
                    f"CLICKHOUSE_URL names the database {named!r} but "
                    f"STRATA_CLICKHOUSE_DATABASE is {self.clickhouse_database!r}",
                    ("CLICKHOUSE_URL", "STRATA_CLICKHOUSE_DATABASE"),
                )
            ]
        if named and not _DATABASE.match(named):
            return [("CLICKHOUSE_URL: its database must be a plain name", ("CLICKHOUSE_URL",))]
        return []

    @property
    def embedded(self) -> bool:
        return self.clickhouse_url is None

    def chdb_dir(self, data_dir: Path) -> Path:
        return self.clickhouse_dir or data_dir / "clickhouse"
