"""Database URLs as the settings accept, compare, render and redact them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import URL, make_url

SCHEMES = {
    "postgresql",
    "postgres",
    "postgresql+asyncpg",
    "postgresql+psycopg",
    "postgresql+psycopg2",
}


def normalise_url(raw: str) -> str:
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
    return render(url.set(drivername="postgresql"))


def render(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def same_database(a: URL, b: URL) -> bool:
    def key(u: URL) -> tuple[Any, ...]:
        return (u.host or u.query.get("host"), u.port or 5432, u.database)

    return key(a) == key(b)


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
