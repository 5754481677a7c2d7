"""The database concern: which store, which server and database, as whom, pools and bounds.

See `entrypoints.settings` for the precedence of URLs, parts and the embedded server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, SecretStr, field_validator

from entrypoints.settings import database_urls as urls
from entrypoints.settings.base import Concern, Problem, env, strict_bool
from entrypoints.settings.database_checks import database_problems
from entrypoints.settings.database_urls import DatabaseTarget
from entrypoints.settings.urls import normalise_url, redact_url

Role = Literal["admin", "rw", "ro"]
Environment = Literal["dev", "demo", "test", "prod"]
_DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$-]{0,62}$")
_URL_FIELDS = ("db_url", "db_url_test", "db_url_demo")
_SIZE = re.compile(r"^([1-9][0-9]{0,6})(kB|MB|GB)$")
_UNITS = {"kB": 2**10, "MB": 2**20, "GB": 2**30}


def size_bytes(text: str) -> int | None:
    """Bytes of a size as PostgreSQL writes one (`512MB`, `2GB`, `65536kB`), else None."""
    match = _SIZE.match(text.strip())
    return int(match[1]) * _UNITS[match[2]] if match else None


class DatabaseSettings(Concern):
    secret_fields: ClassVar[frozenset[str]] = frozenset(
        {"db_password", "db_password_admin", "db_password_rw", "db_password_ro", *_URL_FIELDS}
    )

    storage: Literal["memory", "postgres"] = Field(
        "postgres", validation_alias=env("STRATA_STORAGE")
    )
    data_dir: Path = Field(Path(".strata"), validation_alias=env("STRATA_DATA_DIR"))
    db_url: str | None = Field(None, validation_alias=env("DATABASE_URL"))
    db_url_test: str | None = Field(None, validation_alias=env("DATABASE_URL_TEST"))
    db_url_demo: str | None = Field(None, validation_alias=env("DATABASE_URL_DEMO"))
    db_host: str | None = Field(None, validation_alias=env("DB_HOST"))
    db_port: int | None = Field(None, ge=1, le=65535, validation_alias=env("DB_PORT"))
    db_name: str = Field("strata", validation_alias=env("DB_NAME"))
    db_name_demo: str = Field("strata_demo", validation_alias=env("DB_NAME_DEMO"))
    db_name_test: str = Field("strata_test", validation_alias=env("DB_NAME_TEST"))
    db_user: str | None = Field(None, validation_alias=env("DB_USER"))
    db_password: SecretStr | None = Field(None, validation_alias=env("DB_PASSWORD"))
    db_password_admin: SecretStr | None = Field(None, validation_alias=env("DB_PASSWORD_ADMIN"))
    db_password_rw: SecretStr | None = Field(None, validation_alias=env("DB_PASSWORD_RW"))
    db_password_ro: SecretStr | None = Field(None, validation_alias=env("DB_PASSWORD_RO"))
    db_echo: bool = Field(False, validation_alias=env("DATABASE_ECHO", "DB_ECHO"))
    demo: bool = Field(False, validation_alias=env("DEMO"))
    db_environment: Environment | None = Field(None, validation_alias=env("STRATA_DB_ENVIRONMENT"))
    database_pool_size: int = Field(5, ge=1, validation_alias=env("DATABASE_POOL_SIZE"))
    database_max_overflow: int = Field(10, ge=0, validation_alias=env("DATABASE_MAX_OVERFLOW"))
    database_pool_recycle: int = Field(3600, ge=-1, validation_alias=env("DATABASE_POOL_RECYCLE"))
    database_pool_timeout: float = Field(30.0, gt=0, validation_alias=env("DATABASE_POOL_TIMEOUT"))
    db_connect_retries: int = Field(10, ge=0, validation_alias=env("STRATA_DB_CONNECT_RETRIES"))
    db_connect_backoff: float = Field(
        0.5, gt=0, le=60, validation_alias=env("STRATA_DB_CONNECT_BACKOFF")
    )
    statement_timeout_ms: int = Field(
        15_000, ge=0, validation_alias=env("STRATA_STATEMENT_TIMEOUT_MS")
    )
    lock_timeout_ms: int = Field(5_000, ge=0, validation_alias=env("STRATA_LOCK_TIMEOUT_MS"))
    idle_in_transaction_timeout_ms: int = Field(
        30_000, ge=0, validation_alias=env("STRATA_IDLE_IN_TRANSACTION_TIMEOUT_MS")
    )
    # The embedded server's shared_buffers: `auto` (a quarter of memory, 128 MB to 2 GB)
    # or a size such as `512MB` (entrypoints.runtime.embedded_memory).
    pg_shared_buffers: str = Field("auto", validation_alias=env("STRATA_PG_SHARED_BUFFERS"))

    @field_validator("demo", "db_echo", mode="before")
    @classmethod
    def _strict_bool(cls, value: Any) -> Any:
        return strict_bool(value)

    @field_validator("db_environment", mode="before")
    @classmethod
    def _env_name(cls, value: Any) -> Any:
        aliases = {"development": "dev", "production": "prod", "testing": "test"}
        if isinstance(value, str):
            low = value.strip().lower()
            return aliases.get(low, low)
        return value

    @field_validator("pg_shared_buffers")
    @classmethod
    def _shared_buffers(cls, value: str) -> str:
        value = value.strip()
        if value != "auto" and not (size_bytes(value) or 0) >= 16 * 2**20:
            raise ValueError("must be 'auto' or a size of at least 16MB such as '512MB' or '2GB'")
        return value

    @field_validator("storage", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("db_name", "db_name_demo", "db_name_test")
    @classmethod
    def _db_name(cls, value: str) -> str:
        if not _DB_NAME.match(value):
            raise ValueError("must be a plain database name (letters, digits, '_', '$', '-')")
        return value

    @field_validator(*_URL_FIELDS)
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return normalise_url(value.strip())

    def problems(self) -> list[Problem]:
        return database_problems(
            self.target(), storage=self.storage, demo=self.demo, db_environment=self.db_environment
        )

    def target(self) -> DatabaseTarget:
        """Where the environment's database is and who logs in, as plain values."""
        passwords = {r: _revealed(getattr(self, f"db_password_{r}")) for r in urls.ROLE_USERS}
        return DatabaseTarget(
            environment=self.environment(),
            db_password=_revealed(self.db_password),
            role_passwords=passwords,
            db_name=self.db_name,
            db_name_test=self.db_name_test,
            db_name_demo=self.db_name_demo,
            db_url=self.db_url,
            db_url_test=self.db_url_test,
            db_url_demo=self.db_url_demo,
            db_host=self.db_host,
            db_port=self.db_port,
            db_user=self.db_user,
        )

    def environment(self) -> Environment:
        """dev (default), demo (DEMO=1 or STRATA_DB_ENVIRONMENT=demo), test or prod."""
        if self.db_environment is not None:
            return self.db_environment
        return "demo" if self.demo else "dev"

    @property
    def role_mode(self) -> bool:
        """True when role passwords are configured (strata_admin / _rw / _ro)."""
        return self.target().role_mode

    @property
    def uses_embedded(self) -> bool:
        """No server configured for this environment: run embedded PostgreSQL."""
        return self.storage == "postgres" and urls.server_url(self.target()) is None

    @property
    def pg_data_dir(self) -> Path:
        return self.data_dir / "pg"

    def database_name(self) -> str:
        return urls.database_name(self.target())

    def database_url(self, role: Role = "rw") -> str | None:
        return urls.database_url(self.target(), role)

    def bootstrap_url(self) -> str | None:
        return urls.bootstrap_url(self.target())

    def role_passwords(self) -> dict[str, str | None]:
        """Role -> password as configured (None: the role gets no password / no login)."""
        target = self.target()
        return {role: urls.role_password(target, role) for role in urls.ROLE_USERS}

    def session_limits(self) -> dict[str, int]:
        """Server-side bounds on the service's sessions (and `ALTER ROLE strata_rw SET`)."""
        return {
            "statement_timeout_ms": self.statement_timeout_ms,
            "lock_timeout_ms": self.lock_timeout_ms,
            "idle_in_transaction_timeout_ms": self.idle_in_transaction_timeout_ms,
        }

    def max_open_streams(self) -> int:
        """Open client streams hold a write connection each: at most half the pool."""
        return max((self.database_pool_size + self.database_max_overflow) // 2, 1)

    def pool_options(self) -> dict[str, Any]:
        return {
            "pool_size": self.database_pool_size,
            "max_overflow": self.database_max_overflow,
            "pool_recycle": self.database_pool_recycle,
            "pool_timeout": self.database_pool_timeout,
            "echo": self.db_echo,
        }

    def __repr_args__(self) -> Any:
        """repr() and str() never show a password, not even one inside a URL."""
        for name, value in super().__repr_args__():
            yield name, (redact_url(value) if name in _URL_FIELDS and value else value)


def _revealed(secret: SecretStr | None) -> str | None:
    return None if secret is None else secret.get_secret_value()
