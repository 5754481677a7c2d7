"""Alembic, run programmatically on an async engine (for the CLI and the tests)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from adapters.postgres.infra.engine import async_url

# The repository root holds alembic.ini and migrations/; STRATA_ALEMBIC_INI overrides it.
ROOT = Path(__file__).resolve().parents[4]


@dataclass(frozen=True, slots=True)
class Revision:
    revision: str
    down_revision: str | None
    doc: str
    is_head: bool


def alembic_config() -> Config:
    ini = Path(os.environ.get("STRATA_ALEMBIC_INI", ROOT / "alembic.ini"))
    if not ini.is_file():
        raise FileNotFoundError(f"alembic.ini not found at {ini}; set STRATA_ALEMBIC_INI")
    return Config(str(ini))


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


async def _run(url: str, fn: Callable[[Connection], Any]) -> Any:
    engine = create_async_engine(async_url(url), poolclass=NullPool, connect_args={"timeout": 10})
    try:
        async with engine.begin() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _command(
    name: str, *args: Any, options: Mapping[str, str] | None = None
) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        cfg.attributes["options"] = dict(options or {})
        getattr(command, name)(cfg, *args)

    return run


async def upgrade(
    url: str, revision: str = "head", options: Mapping[str, str] | None = None
) -> None:
    """`options`: settings migrations read (STRATA_EMBEDDING_DIM, STRATA_EMBEDDING_INDEX),
    which win over the process environment."""
    await _run(url, _command("upgrade", revision, options=options))


async def downgrade(url: str, revision: str) -> None:
    await _run(url, _command("downgrade", revision))


async def stamp(url: str, revision: str) -> None:
    await _run(url, _command("stamp", revision))


async def current(url: str) -> str | None:
    """The database's revision; None when it was never migrated."""

    def read(conn: Connection) -> str | None:
        return MigrationContext.configure(conn).get_current_revision()

    result: str | None = await _run(url, read)
    return result


async def history() -> list[Revision]:
    """Every revision, oldest first (reads files only; async for symmetry with the rest)."""
    scripts = script_directory()
    heads = set(scripts.get_heads())
    revisions = reversed(list(scripts.walk_revisions()))
    return [
        Revision(
            r.revision,
            r.down_revision if isinstance(r.down_revision, str | None) else None,
            (r.doc or "").strip(),
            r.revision in heads,
        )
        for r in revisions
    ]
