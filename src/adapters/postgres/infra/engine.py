"""The AsyncEngine: asyncpg driver, a bounded pool, and timeouts that fail fast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.postgres.infra.refusals import DriverConnectTimeout
from adapters.postgres.infra.vector_codec import with_binary_vectors

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
# The client gives up this long after the server's statement_timeout, so that the server's
# cancel (a clear SQLSTATE) is what a slow statement meets, not a dropped connection.
CLIENT_TIMEOUT_MARGIN_SECONDS = 5.0
_PLAIN_DRIVERS = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}


@dataclass(frozen=True, slots=True)
class SessionLimits:
    """Server-side bounds on one session's work, in milliseconds; 0 turns one off."""

    statement_timeout_ms: int = 15_000
    lock_timeout_ms: int = 5_000
    idle_in_transaction_timeout_ms: int = 30_000

    def as_settings(self) -> dict[str, str]:
        """PostgreSQL's names for them (startup parameters, `ALTER ROLE … SET`)."""
        return {
            "statement_timeout": str(self.statement_timeout_ms),
            "lock_timeout": str(self.lock_timeout_ms),
            "idle_in_transaction_session_timeout": str(self.idle_in_transaction_timeout_ms),
        }

    def client_timeout(self) -> float | None:
        """The driver's command_timeout: past the server's, or none when it has none."""
        if not self.statement_timeout_ms:
            return None
        return self.statement_timeout_ms / 1000 + CLIENT_TIMEOUT_MARGIN_SECONDS


def server_settings(limits: SessionLimits | None) -> dict[str, str]:
    """SERVER_SETTINGS, plus the session limits when there are any."""
    return SERVER_SETTINGS if limits is None else {**SERVER_SETTINGS, **limits.as_settings()}


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
    command_timeout: float | None = None,
    pre_ping: bool = False,
    limits: SessionLimits | None = None,
    **extra: Any,
) -> AsyncEngine:
    """A pooled engine; times are seconds; `extra` goes to SQLAlchemy.

    The pool opens up to pool_size + max_overflow connections and keeps them (until
    pool_recycle): overflow connections closed at every return would be reopened at the
    next burst, a new backend each time. `limits` go to every connection as startup
    parameters; command_timeout (the driver's own) defaults to just past their
    statement_timeout, or 30 s without limits.

    No pre-ping by default: it costs a round trip per checkout. A connection found dead
    fails that call with UNAVAILABLE and SQLAlchemy then invalidates the whole pool, so
    the next call reconnects.
    """
    if command_timeout is None:
        command_timeout = limits.client_timeout() if limits is not None else 30.0
    connect_args = {
        "timeout": connect_timeout,
        "command_timeout": command_timeout,
        "server_settings": server_settings(limits),
    }
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size + max_overflow,
        max_overflow=0,
        pool_recycle=pool_recycle,
        pool_timeout=pool_timeout,
        pool_pre_ping=pre_ping,
        echo=echo,
        connect_args=connect_args,
        **extra,
    )
    _name_connect_timeouts(engine)
    return with_binary_vectors(engine)


def _name_connect_timeouts(engine: AsyncEngine) -> None:
    """A connect timing out is the database being away, unlike a statement timing out."""

    def connect(dialect: Any, record: Any, cargs: Any, cparams: Any) -> Any:
        try:
            return dialect.connect(*cargs, **cparams)
        except TimeoutError as exc:
            raise DriverConnectTimeout("connecting to the database timed out") from exc

    event.listen(engine.sync_engine, "do_connect", connect)
