"""Alembic, run programmatically on an async engine (for the CLI and the tests)."""

from __future__ import annotations

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

# The repository root holds alembic.ini and migrations/: the ini used when none is given.
ROOT = Path(__file__).resolve().parents[4]


@dataclass(frozen=True, slots=True)
class Revision:
    revision: str
    down_revision: str | None
    doc: str
    is_head: bool


def alembic_config(alembic_ini: Path | None = None) -> Config:
    ini = alembic_ini or ROOT / "alembic.ini"
    if not ini.is_file():
        raise FileNotFoundError(f"alembic.ini not found at {ini}; set STRATA_ALEMBIC_INI")
    return Config(str(ini))


def script_directory(alembic_ini: Path | None = None) -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config(alembic_ini))


async def _run(url: str, fn: Callable[[Connection], Any]) -> Any:
    engine = create_async_engine(async_url(url), poolclass=NullPool, connect_args={"timeout": 10})
    try:
        async with engine.begin() as conn:
            return await conn.run_sync(fn)
    finally:
        await engine.dispose()


def _command(
    name: str,
    *args: Any,
    options: Mapping[str, str] | None = None,
    alembic_ini: Path | None = None,
) -> Callable[[Connection], None]:
    def run(conn: Connection) -> None:
        cfg = alembic_config(alembic_ini)
        cfg.attributes["connection"] = conn
        cfg.attributes["options"] = dict(options or {})
        getattr(command, name)(cfg, *args)

    return run


async def upgrade(
    url: str,
    revision: str = "head",
    options: Mapping[str, str] | None = None,
    alembic_ini: Path | None = None,
) -> None:
    """`options`: settings migrations read (STRATA_EMBEDDING_DIM, STRATA_EMBEDDING_INDEX),
    which win over the process environment; `alembic_ini`: the repository's when None."""
    await _run(url, _command("upgrade", revision, options=options, alembic_ini=alembic_ini))


async def downgrade(url: str, revision: str, alembic_ini: Path | None = None) -> None:
    await _run(url, _command("downgrade", revision, alembic_ini=alembic_ini))


async def stamp(url: str, revision: str, alembic_ini: Path | None = None) -> None:
    await _run(url, _command("stamp", revision, alembic_ini=alembic_ini))


async def current(url: str) -> str | None:
    """The database's revision; None when it was never migrated."""

    def read(conn: Connection) -> str | None:
        return MigrationContext.configure(conn).get_current_revision()

    result: str | None = await _run(url, read)
    return result


async def history(alembic_ini: Path | None = None) -> list[Revision]:
    """Every revision, oldest first (reads files only; async for symmetry with the rest)."""
    scripts = script_directory(alembic_ini)
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


async def autogenerate(
    url: str, message: str, rev_id: str, alembic_ini: Path | None = None
) -> list[str]:
    """Write a new revision from what the metadata has and the database at head lacks; the
    paths written."""

    def run(conn: Connection) -> list[str]:
        cfg = alembic_config(alembic_ini)
        cfg.attributes["connection"] = conn
        cfg.attributes["options"] = {}
        written = command.revision(cfg, message=message, autogenerate=True, rev_id=rev_id)
        scripts = written if isinstance(written, list) else [written]
        return [s.path for s in scripts if s is not None]

    paths: list[str] = await _run(url, run)
    return paths
