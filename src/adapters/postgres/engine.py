"""The AsyncEngine: asyncpg driver, a bounded pool, and timeouts that fail fast."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

_PLAIN_DRIVERS = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}


@dataclass(frozen=True, slots=True)
class PoolSettings:
    """Pool sizes and timeouts (seconds); the defaults suit one service process."""

    pool_size: int = 10
    max_overflow: int = 10
    pool_recycle: int = 1800
    pool_timeout: float = 5.0
    connect_timeout: float = 3.0
    command_timeout: float = 30.0
    echo: bool = False


def async_url(url: str | URL) -> URL:
    """`postgresql://…` (also `postgres://` and the `?host=/socket/dir` form) → asyncpg."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if isinstance(url, str) else url)
    if parsed.drivername in _PLAIN_DRIVERS:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    if "sslmode" in parsed.query:  # libpq's name; asyncpg calls it `ssl`
        parsed = parsed.update_query_dict({"ssl": parsed.query["sslmode"]}).difference_update_query(
            ["sslmode"]
        )
    if parsed.drivername != "postgresql+asyncpg":
        raise ValueError(f"unsupported database URL scheme '{parsed.drivername}'")
    return parsed


def create_engine(url: str | URL, settings: PoolSettings | None = None, **overrides: object) -> AsyncEngine:
    """An engine with `pool_pre_ping`; `overrides` go to `create_async_engine` as they are."""
    s = settings or PoolSettings()
    options: dict[str, object] = {
        "pool_size": s.pool_size,
        "max_overflow": s.max_overflow,
        "pool_recycle": s.pool_recycle,
        "pool_timeout": s.pool_timeout,
        "pool_pre_ping": True,
        "echo": s.echo,
        "connect_args": {
            "timeout": s.connect_timeout,
            "command_timeout": s.command_timeout,
            # Short OLTP queries: JIT compilation only adds latency.
            "server_settings": {"application_name": "strata", "jit": "off"},
        },
    }
    options.update(overrides)
    return create_async_engine(async_url(url), **options)
