"""Strata's configuration: the seeds' environment variables plus STRATA_*.

Which database (seed 000's precedence, per environment dev/demo/test/prod):

1. A full URL wins: DATABASE_URL_TEST (test), DATABASE_URL_DEMO (demo), else
   DATABASE_URL; for test and demo a borrowed DATABASE_URL gets DB_NAME_TEST /
   DB_NAME_DEMO swapped in, so they never share the dev database.
2. Otherwise, when any of DB_HOST, DB_PORT, DB_USER, DB_PASSWORD or a role
   password is set, the URL is built from those parts (host localhost, port
   5432, the environment's DB_NAME*).
3. Otherwise nothing is configured: `database_url()` answers None and the
   runtime starts an embedded PostgreSQL under STRATA_DATA_DIR.

Which credentials: when role passwords (DB_PASSWORD_ADMIN/_RW/_RO) are set,
the roles strata_admin (migrations, `db` commands), strata_rw (the service)
and strata_ro (reporting) replace the URL's user; the URL's own credentials
(DATABASE_URL's user, or DB_USER/DB_PASSWORD) are then only the bootstrap
login `strata db init` uses to create those roles. Without role passwords the
URL's own credentials are used for everything (the seeds' legacy mode).
"""

from __future__ import annotations

import contextvars
import difflib
import ipaddress
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict
from sqlalchemy.engine import URL, make_url

from adapters.postgres.infra.engine import SessionLimits
from adapters.postgres.knowledge.embedding_index import MAX_DIM, best_kind

Role = Literal["admin", "rw", "ro"]
Environment = Literal["dev", "demo", "test", "prod"]

ROLE_USERS: dict[str, str] = {"admin": "strata_admin", "rw": "strata_rw", "ro": "strata_ro"}
ROLE_PASSWORD_VARS: dict[str, str] = {
    "admin": "DB_PASSWORD_ADMIN",
    "rw": "DB_PASSWORD_RW",
    "ro": "DB_PASSWORD_RO",
}
URL_VARS = {
    "dev": "DATABASE_URL",
    "prod": "DATABASE_URL",
    "test": "DATABASE_URL_TEST",
    "demo": "DATABASE_URL_DEMO",
}
NAME_VARS = {"dev": "DB_NAME", "prod": "DB_NAME", "test": "DB_NAME_TEST", "demo": "DB_NAME_DEMO"}
SCHEMES = {
    "postgresql",
    "postgres",
    "postgresql+asyncpg",
    "postgresql+psycopg",
    "postgresql+psycopg2",
}
SECRET_FIELDS = {
    "db_password",
    "db_password_admin",
    "db_password_rw",
    "db_password_ro",
    "key_pepper",
    "audit_checkpoint_secret",
    "page_token_secret",
    "db_url",
    "db_url_test",
    "db_url_demo",
}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_DB_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$-]{0,62}$")
_TRUE = {"1", "true", "yes", "on", "y", "t"}
_FALSE = {"0", "false", "no", "off", "n", "f", ""}

# When set, settings come only from this mapping (tests, load_settings(environ=...)).
_ONLY_INIT: contextvars.ContextVar[bool] = contextvars.ContextVar("_only_init", default=False)


class SettingsError(Exception):
    """A bad or contradictory setting; the message names the variable(s)."""

    def __init__(self, message: str, variables: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.variables = variables


def _env(name: str, *more: str) -> Any:
    """A field read from the environment variable `name` (and aliases)."""
    return AliasChoices(name, *more) if more else name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,
        validate_by_name=True,
        validate_by_alias=True,
        frozen=True,
    )

    # --- the seeds' database variables -------------------------------------------------
    db_url: str | None = Field(None, validation_alias=_env("DATABASE_URL"))
    db_url_test: str | None = Field(None, validation_alias=_env("DATABASE_URL_TEST"))
    db_url_demo: str | None = Field(None, validation_alias=_env("DATABASE_URL_DEMO"))
    db_host: str | None = Field(None, validation_alias=_env("DB_HOST"))
    db_port: int | None = Field(None, ge=1, le=65535, validation_alias=_env("DB_PORT"))
    db_name: str = Field("strata", validation_alias=_env("DB_NAME"))
    db_name_demo: str = Field("strata_demo", validation_alias=_env("DB_NAME_DEMO"))
    db_name_test: str = Field("strata_test", validation_alias=_env("DB_NAME_TEST"))
    db_user: str | None = Field(None, validation_alias=_env("DB_USER"))
    db_password: SecretStr | None = Field(None, validation_alias=_env("DB_PASSWORD"))
    db_password_admin: SecretStr | None = Field(None, validation_alias=_env("DB_PASSWORD_ADMIN"))
    db_password_rw: SecretStr | None = Field(None, validation_alias=_env("DB_PASSWORD_RW"))
    db_password_ro: SecretStr | None = Field(None, validation_alias=_env("DB_PASSWORD_RO"))
    db_echo: bool = Field(False, validation_alias=_env("DATABASE_ECHO", "DB_ECHO"))
    demo: bool = Field(False, validation_alias=_env("DEMO"))
    database_pool_size: int = Field(5, ge=1, validation_alias=_env("DATABASE_POOL_SIZE"))
    database_max_overflow: int = Field(10, ge=0, validation_alias=_env("DATABASE_MAX_OVERFLOW"))
    database_pool_recycle: int = Field(3600, ge=-1, validation_alias=_env("DATABASE_POOL_RECYCLE"))
    database_pool_timeout: float = Field(30.0, gt=0, validation_alias=_env("DATABASE_POOL_TIMEOUT"))
    db_environment: Environment | None = Field(None, validation_alias=_env("STRATA_DB_ENVIRONMENT"))

    # --- Strata's own ------------------------------------------------------------------------
    storage: Literal["memory", "postgres"] = Field(
        "postgres", validation_alias=_env("STRATA_STORAGE")
    )
    data_dir: Path = Field(Path(".strata"), validation_alias=_env("STRATA_DATA_DIR"))
    grpc_addr: str = Field("127.0.0.1:50051", validation_alias=_env("STRATA_GRPC_ADDR"))
    key_pepper: SecretStr = Field(SecretStr(""), validation_alias=_env("STRATA_KEY_PEPPER"))
    shutdown_grace: float = Field(10.0, ge=0, validation_alias=_env("STRATA_SHUTDOWN_GRACE"))
    log_level: str = Field("INFO", validation_alias=_env("STRATA_LOG_LEVEL"))
    auth_cache_seconds: float = Field(
        5.0, ge=0, le=300, validation_alias=_env("STRATA_AUTH_CACHE_SECONDS")
    )
    log_format: Literal["text", "json"] = Field("text", validation_alias=_env("STRATA_LOG_FORMAT"))
    metrics_addr: str | None = Field(None, validation_alias=_env("STRATA_METRICS_ADDR"))
    slow_query_ms: float = Field(100.0, ge=0, validation_alias=_env("STRATA_SLOW_QUERY_MS"))
    audit_health_calls: bool = Field(False, validation_alias=_env("STRATA_AUDIT_HEALTH_CALLS"))
    audit_flush_ms: float = Field(
        200.0, gt=0, le=60_000, validation_alias=_env("STRATA_AUDIT_FLUSH_MS")
    )
    audit_batch_size: int = Field(500, ge=1, le=10_000, validation_alias=_env("STRATA_AUDIT_BATCH"))
    audit_checkpoint_secret: SecretStr = Field(
        SecretStr(""), validation_alias=_env("STRATA_AUDIT_CHECKPOINT_SECRET")
    )
    page_token_secret: SecretStr = Field(
        SecretStr(""), validation_alias=_env("STRATA_PAGE_TOKEN_SECRET")
    )
    audit_checkpoint_seconds: float = Field(
        60.0, gt=0, le=86_400, validation_alias=_env("STRATA_AUDIT_CHECKPOINT_SECONDS")
    )
    trusted_proxies: str = Field("", validation_alias=_env("STRATA_TRUSTED_PROXIES"))
    embedding_dim: int = Field(1536, ge=1, validation_alias=_env("STRATA_EMBEDDING_DIM"))
    embedding_index: Literal["vector", "halfvec"] | None = Field(
        None, validation_alias=_env("STRATA_EMBEDDING_INDEX")
    )
    db_connect_retries: int = Field(10, ge=0, validation_alias=_env("STRATA_DB_CONNECT_RETRIES"))
    db_connect_backoff: float = Field(
        0.5, gt=0, le=60, validation_alias=_env("STRATA_DB_CONNECT_BACKOFF")
    )
    statement_timeout_ms: int = Field(
        15_000, ge=0, validation_alias=_env("STRATA_STATEMENT_TIMEOUT_MS")
    )
    lock_timeout_ms: int = Field(5_000, ge=0, validation_alias=_env("STRATA_LOCK_TIMEOUT_MS"))
    idle_in_transaction_timeout_ms: int = Field(
        30_000, ge=0, validation_alias=_env("STRATA_IDLE_IN_TRANSACTION_TIMEOUT_MS")
    )
    stream_idle_seconds: float = Field(
        10.0, gt=0, le=3600, validation_alias=_env("STRATA_STREAM_IDLE_SECONDS")
    )
    max_streams_per_caller: int = Field(
        2, ge=1, validation_alias=_env("STRATA_MAX_STREAMS_PER_CALLER")
    )

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise _settings_error(exc) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        if _ONLY_INIT.get():
            return (init_settings,)
        return (init_settings, env_settings, dotenv_settings)

    # --- field checks ------------------------------------------------------------------------
    @field_validator("demo", "db_echo", mode="before")
    @classmethod
    def _strict_bool(cls, value: Any) -> Any:
        if isinstance(value, str):
            low = value.strip().lower()
            if low in _TRUE:
                return True
            if low in _FALSE:
                return False
            raise ValueError("must be one of 1/0, true/false, yes/no, on/off")
        return value

    @field_validator("db_environment", mode="before")
    @classmethod
    def _env_name(cls, value: Any) -> Any:
        aliases = {"development": "dev", "production": "prod", "testing": "test"}
        if isinstance(value, str):
            low = value.strip().lower()
            return aliases.get(low, low)
        return value

    @field_validator("embedding_dim")
    @classmethod
    def _indexable(cls, value: int) -> int:
        if best_kind(value) is None:
            raise ValueError(
                f"must be at most {MAX_DIM['halfvec']}: pgvector has no HNSW index for more "
                "dimensions"
            )
        return value

    @field_validator("storage", "embedding_index", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().upper()
            if value not in LOG_LEVELS:
                raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(f"'{part}' is not an IP network (e.g. 10.0.0.0/8)") from None
        return value

    def trusted_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        parts = (p.strip() for p in self.trusted_proxies.split(","))
        return [ipaddress.ip_network(p, strict=False) for p in parts if p]

    @field_validator("metrics_addr")
    @classmethod
    def _metrics_address(cls, value: str | None) -> str | None:
        return cls._address(value) if value else None

    @field_validator("grpc_addr")
    @classmethod
    def _address(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
            raise ValueError("must be HOST:PORT, for example 127.0.0.1:50051 or [::]:50051")
        return value

    @field_validator("db_name", "db_name_demo", "db_name_test")
    @classmethod
    def _db_name(cls, value: str) -> str:
        if not _DB_NAME.match(value):
            raise ValueError("must be a plain database name (letters, digits, '_', '$', '-')")
        return value

    @field_validator("db_url", "db_url_test", "db_url_demo")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        return _normalise_url(value.strip())

    def model_post_init(self, context: Any, /) -> None:
        self._check_consistency()

    # --- queries -------------------------------------------------------------------------------
    def environment(self) -> Environment:
        """dev (default), demo (DEMO=1 or STRATA_DB_ENVIRONMENT=demo), test or prod."""
        if self.db_environment is not None:
            return self.db_environment
        return "demo" if self.demo else "dev"

    @property
    def role_mode(self) -> bool:
        """True when role passwords are configured (strata_admin / _rw / _ro)."""
        return any((self.db_password_admin, self.db_password_rw, self.db_password_ro))

    @property
    def parts_configured(self) -> bool:
        return any(
            v is not None
            for v in (
                self.db_host,
                self.db_port,
                self.db_user,
                self.db_password,
                self.db_password_admin,
                self.db_password_rw,
                self.db_password_ro,
            )
        )

    @property
    def uses_embedded(self) -> bool:
        """No server configured for this environment: run embedded PostgreSQL."""
        return self.storage == "postgres" and self._server_url() is None

    @property
    def embedding_index_kind(self) -> str:
        """STRATA_EMBEDDING_INDEX, or unset the best HNSW index for STRATA_EMBEDDING_DIM."""
        return self.embedding_index or best_kind(self.embedding_dim) or "halfvec"

    @property
    def pg_data_dir(self) -> Path:
        return self.data_dir / "pg"

    def database_name(self) -> str:
        """The environment's database: from its URL when one is given, else DB_NAME*."""
        url = self._server_url()
        if url is not None and url.database:
            return url.database
        return self._name_for(self.environment())

    def database_url(self, role: Role = "rw") -> str | None:
        """The URL to connect as `role`, or None when nothing is configured (embedded)."""
        url = self._server_url()
        if url is None:
            return None
        if self.role_mode:
            password = getattr(self, f"db_password_{role}")
            if password is None:
                raise SettingsError(
                    f"{ROLE_PASSWORD_VARS[role]} is not set, but other role passwords are: "
                    f"connecting as {ROLE_USERS[role]} needs it",
                    (ROLE_PASSWORD_VARS[role],),
                )
            url = url.set(username=ROLE_USERS[role], password=password.get_secret_value())
            url = url.difference_update_query(["user", "password"])
        return _render(url)

    def bootstrap_url(self) -> str | None:
        """The URL with its own credentials (DATABASE_URL's user or DB_USER/DB_PASSWORD):
        the login `strata db init` uses to create databases and roles."""
        url = self._server_url()
        return None if url is None else _render(url)

    def role_passwords(self) -> dict[str, str | None]:
        """Role -> password as configured (None: the role gets no password / no login)."""
        return {
            role: (p.get_secret_value() if (p := getattr(self, f"db_password_{role}")) else None)
            for role in ROLE_USERS
        }

    def session_limits(self) -> SessionLimits:
        """Server-side bounds on the service's sessions (and `ALTER ROLE strata_rw SET`)."""
        return SessionLimits(
            self.statement_timeout_ms, self.lock_timeout_ms, self.idle_in_transaction_timeout_ms
        )

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

    @staticmethod
    def redacted(url: str | None) -> str:
        return redact_url(url)

    def __repr_args__(self) -> Any:
        """repr() and str() never show a password, not even one inside a URL."""
        for name, value in super().__repr_args__():
            if name in ("db_url", "db_url_test", "db_url_demo") and value:
                yield name, redact_url(value)
            else:
                yield name, value

    # --- internals ------------------------------------------------------------------------------
    def _name_for(self, env: str) -> str:
        return {
            "dev": self.db_name,
            "prod": self.db_name,
            "test": self.db_name_test,
            "demo": self.db_name_demo,
        }[env]

    def _server_url(self) -> URL | None:
        """Where the environment's database is, with the URL's own credentials."""
        env = self.environment()
        own = {"test": self.db_url_test, "demo": self.db_url_demo}.get(env)
        if own:
            return make_url(own)
        if self.db_url:
            url = make_url(self.db_url)
            return url.set(database=self._name_for(env)) if env in ("test", "demo") else url
        if self.parts_configured:
            return URL.create(
                "postgresql",
                username=self.db_user or "postgres",
                password=self.db_password.get_secret_value() if self.db_password else None,
                host=self.db_host or "localhost",
                port=self.db_port or 5432,
                database=self._name_for(env),
            )
        return None

    def _check_consistency(self) -> None:
        problems: list[tuple[str, tuple[str, ...]]] = []
        if self.demo and self.db_environment not in (None, "demo"):
            problems.append(
                (
                    f"DEMO=1 contradicts STRATA_DB_ENVIRONMENT={self.db_environment}: "
                    "unset one of them",
                    ("DEMO", "STRATA_DB_ENVIRONMENT"),
                )
            )
        if self.storage == "memory":
            for var, value in (
                ("DATABASE_URL", self.db_url),
                ("DATABASE_URL_TEST", self.db_url_test),
                ("DATABASE_URL_DEMO", self.db_url_demo),
            ):
                if value:
                    problems.append(
                        (
                            f"STRATA_STORAGE=memory contradicts {var} being set: unset {var} "
                            "or use STRATA_STORAGE=postgres",
                            ("STRATA_STORAGE", var),
                        )
                    )
        names = {
            "DB_NAME": self.db_name,
            "DB_NAME_TEST": self.db_name_test,
            "DB_NAME_DEMO": self.db_name_demo,
        }
        seen: dict[str, str] = {}
        for var, name in names.items():
            if name in seen:
                problems.append(
                    (
                        f"{var}={name} is the same database as {seen[name]}: test and demo need "
                        "their own databases",
                        (var, seen[name]),
                    )
                )
            seen.setdefault(name, var)
        missing = [
            ROLE_PASSWORD_VARS[r]
            for r in ("admin", "rw")
            if getattr(self, f"db_password_{r}") is None
        ]
        if self.role_mode and missing:
            problems.append(
                (
                    f"{' and '.join(missing)} not set, but other role passwords are: role mode "
                    "needs DB_PASSWORD_ADMIN and DB_PASSWORD_RW (DB_PASSWORD_RO for reporting)",
                    tuple(missing),
                )
            )
        if (
            self.storage == "postgres"
            and self.environment() == "prod"
            and (self._server_url() is None)
        ):
            problems.append(
                (
                    "STRATA_DB_ENVIRONMENT=prod needs a real server: set DATABASE_URL "
                    "(or DB_HOST and friends)",
                    ("STRATA_DB_ENVIRONMENT", "DATABASE_URL"),
                )
            )
        if self.embedding_index and self.embedding_dim > MAX_DIM[self.embedding_index]:
            problems.append(
                (
                    f"STRATA_EMBEDDING_INDEX={self.embedding_index} indexes at most "
                    f"{MAX_DIM[self.embedding_index]} dimensions, not STRATA_EMBEDDING_DIM="
                    f"{self.embedding_dim}: use halfvec (up to {MAX_DIM['halfvec']}) or unset it",
                    ("STRATA_EMBEDDING_INDEX", "STRATA_EMBEDDING_DIM"),
                )
            )
        problems.extend(self._check_isolation())
        if problems:
            raise SettingsError(
                "; ".join(p for p, _ in problems), tuple(v for _, vs in problems for v in vs)
            )

    def _check_isolation(self) -> list[tuple[str, tuple[str, ...]]]:
        """DATABASE_URL_TEST / _DEMO must not point at the dev database (resets are destructive)."""
        out: list[tuple[str, tuple[str, ...]]] = []
        if not self.db_url:
            return out
        dev = make_url(self.db_url)
        for var, value in (
            ("DATABASE_URL_TEST", self.db_url_test),
            ("DATABASE_URL_DEMO", self.db_url_demo),
        ):
            if value and _same_database(make_url(value), dev):
                out.append(
                    (
                        f"{var} points at the same database as DATABASE_URL: "
                        "give it its own database",
                        (var, "DATABASE_URL"),
                    )
                )
        return out


def _same_database(a: URL, b: URL) -> bool:
    def key(u: URL) -> tuple[Any, ...]:
        return (u.host or u.query.get("host"), u.port or 5432, u.database)

    return key(a) == key(b)


def _normalise_url(raw: str) -> str:
    try:
        url = make_url(raw)
    except Exception:
        raise ValueError(
            "is not a valid URL (expected postgresql://USER:PASSWORD@HOST:PORT/DB)"
        ) from None
    if url.drivername not in SCHEMES:
        raise ValueError(
            f"has unsupported scheme '{url.drivername}': use postgresql:// "
            "(postgres:// and postgresql+asyncpg:// are accepted too)"
        )
    if not url.host and not url.query.get("host"):
        raise ValueError("names no host (postgresql://USER:PASSWORD@HOST:PORT/DB)")
    return _render(url.set(drivername="postgresql"))


def _render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def redact_url(url: str | None) -> str:
    """The URL without its password (also `password=` in the query): safe to log."""
    if not url:
        return "(embedded)"
    try:
        parsed = make_url(url)
    except Exception:
        return "(unparseable URL)"
    if "password" in parsed.query:
        parsed = parsed.update_query_dict({"password": "***"})
    return parsed.render_as_string(hide_password=True)


# --- loading -----------------------------------------------------------------------------------


def _field_env_names() -> dict[str, str]:
    """Upper-case environment variable -> field name."""
    out: dict[str, str] = {}
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        choices = alias.choices if isinstance(alias, AliasChoices) else [alias or name]
        for choice in choices:
            out[str(choice).upper()] = name
    return out


ENV_VARS: dict[str, str] = _field_env_names()
# Read elsewhere (migrations/env.py, adapters/postgres/migrate.py), not by Settings.
OTHER_STRATA_VARS = frozenset({"STRATA_ALEMBIC_INI", "STRATA_MIGRATION_URL"})
KNOWN_STRATA_VARS = frozenset(v for v in ENV_VARS if v.startswith("STRATA_")) | OTHER_STRATA_VARS


def _settings_error(exc: ValidationError) -> SettingsError:
    by_field: dict[str, list[str]] = {}
    for var, field in ENV_VARS.items():
        by_field.setdefault(field, []).append(var)
    messages, variables = [], []
    for err in exc.errors():
        loc = str(err["loc"][0]) if err["loc"] else ""
        field = loc if loc in by_field else ENV_VARS.get(loc.upper(), loc)
        var = "/".join(by_field.get(field, [loc.upper()]))
        msg = str(err["msg"]).removeprefix("Value error, ")
        shown = "" if field in SECRET_FIELDS else f" (got {err.get('input')!r})"
        messages.append(f"{var}: {msg}{shown}")
        variables.append(var)
    return SettingsError("; ".join(messages), tuple(variables))


def check_unknown(names: Iterator[str] | list[str] | set[str]) -> None:
    """Unknown STRATA_* variables are typos: fail rather than silently ignore them."""
    unknown = sorted(
        {n.upper() for n in names if n.upper().startswith("STRATA_")} - KNOWN_STRATA_VARS
    )
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, KNOWN_STRATA_VARS, n=1, cutoff=0.75)
            hints.append(f"{name} (did you mean {close[0]}?)" if close else name)
        raise SettingsError(
            f"unknown setting {', '.join(hints)}; known STRATA_* variables: "
            f"{', '.join(sorted(KNOWN_STRATA_VARS))}",
            tuple(unknown),
        )


def _check_echo(env: Mapping[str, str]) -> None:
    upper = {k.upper(): v for k, v in env.items()}
    a, b = upper.get("DB_ECHO"), upper.get("DATABASE_ECHO")
    if a and b and Settings._strict_bool(a) != Settings._strict_bool(b):
        raise SettingsError(
            f"DB_ECHO={a} contradicts DATABASE_ECHO={b}", ("DB_ECHO", "DATABASE_ECHO")
        )


@contextmanager
def _only_init() -> Iterator[None]:
    token = _ONLY_INIT.set(True)
    try:
        yield
    finally:
        _ONLY_INIT.reset(token)


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: str | None = ".env"
) -> Settings:
    """Settings from the process environment (and `.env`), or only from `environ` when given.

    Raises SettingsError naming the variable for unknown STRATA_* names, bad values and
    contradictions.
    """
    if environ is None:
        names = set(os.environ)
        dotenv: dict[str, str] = {}
        if env_file and Path(env_file).is_file():
            from dotenv import dotenv_values

            dotenv = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
            names |= set(dotenv)
        check_unknown(names)
        _check_echo({**dotenv, **os.environ})
        return Settings(_env_file=env_file)
    check_unknown(set(environ))
    _check_echo(environ)
    values: dict[str, Any] = {}
    for key, value in environ.items():
        field = ENV_VARS.get(key.upper())
        if field is not None and value != "" and field not in values:
            values[field] = value
    with _only_init():
        return Settings(**values)
