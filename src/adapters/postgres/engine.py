"""The AsyncEngine: asyncpg driver, a bounded pool, and timeouts that fail fast."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.postgres.vector_codec import with_binary_vectors

# Every connection starts with these. HNSW scans: ef_search 100 (recall@10 0.94 to 0.98 at
# 100, 0.86 to 0.89 at pgvector's default 40; bench/RESULTS.md) and iterative scans, so that
# filtered searches still find `limit` rows; a query asking for another ef_search sets it
# for its own transaction.
DEFAULT_EF_SEARCH = 100
SERVER_SETTINGS = {
    "application_name": "strata",
    "jit": "off",  # short OLTP queries: JIT compilation only adds latency
    "hnsw.ef_search": str(DEFAULT_EF_SEARCH),
    "hnsw.iterative_scan": "relaxed_order",
}
_PLAIN_DRIVERS = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}


def async_url(url: str | URL) -> URL:
    """`postgresql://…` (also `postgres://` and the `?host=/socket/dir` form) → asyncpg."""
    if isinstance(url, str) and url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    parsed = make_url(url)
    if parsed.drivername in _PLAIN_DRIVERS:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    if "sslmode" in parsed.query:  # libpq's name; asyncpg calls it `ssl`
        parsed = parsed.update_query_dict({"ssl": parsed.query["sslmode"]}).difference_update_query(
            ["sslmode"]
        )
    if parsed.drivername != "postgresql+asyncpg":
        raise ValueError(f"unsupported database URL scheme '{parsed.drivername}'")
    return parsed


def driver_dsn(url: str | URL) -> str:
    """The URL as asyncpg itself takes it (for connections made without SQLAlchemy)."""
    return async_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_engine(
    url: str | URL,
    *,
    pool_size: int = 10,
    max_overflow: int = 10,
    pool_recycle: int = 1800,
    pool_timeout: float = 5.0,
    echo: bool = False,
    connect_timeout: float = 3.0,
    command_timeout: float = 30.0,
    pre_ping: bool = False,
    **extra: Any,
) -> AsyncEngine:
    """A pooled engine; times are seconds; `extra` goes to SQLAlchemy.

    No pre-ping by default: it costs a round trip per checkout. A connection found dead
    fails that call with UNAVAILABLE and SQLAlchemy then invalidates the whole pool, so
    the next call reconnects.
    """
    connect_args = {
        "timeout": connect_timeout,
        "command_timeout": command_timeout,
        "server_settings": SERVER_SETTINGS,
    }
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_recycle=pool_recycle,
        pool_timeout=pool_timeout,
        pool_pre_ping=pre_ping,
        echo=echo,
        connect_args=connect_args,
        **extra,
    )
    return with_binary_vectors(engine)
