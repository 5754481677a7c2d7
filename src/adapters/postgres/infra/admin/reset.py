"""Back to the schema `db init` left: every app object dropped, migrations run again."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from adapters.postgres.infra import migrate
from adapters.postgres.infra.admin.connection import SCHEMA, connect
from adapters.postgres.infra.admin.grants import sync_grants
from adapters.postgres.infra.admin.ownership import RELATION_KINDS

_RELATIONS = """
SELECT c.oid::regclass::text AS name, c.relkind::text AS relkind FROM pg_class c
WHERE c.relnamespace = $1::regnamespace
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('e', 'a', 'i'))
  AND NOT (c.relkind = 'r' AND c.relispartition)
ORDER BY c.relkind
"""
_ROUTINES = """
SELECT p.oid::regprocedure::text AS name FROM pg_proc p
WHERE p.pronamespace = $1::regnamespace AND p.prokind IN ('f', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                    AND d.deptype = 'e')
"""
_TYPES = """
SELECT t.oid::regtype::text AS name FROM pg_type t
WHERE t.typnamespace = $1::regnamespace AND t.typtype IN ('e', 'd', 'r', 'c')
  AND (t.typtype <> 'c'
       OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                    AND d.deptype = 'e')
"""


async def drop_all(url: str) -> list[str]:
    """Drop every table, view, sequence, type and routine in `public` that no extension owns
    (alembic_version included): the schema as `db init` left it. Returns what was dropped."""
    conn = await connect(url)
    dropped: list[str] = []
    try:
        async with conn.transaction():
            for row in await conn.fetch(_RELATIONS, SCHEMA):
                kind = RELATION_KINDS[row["relkind"]]
                await conn.execute(f"DROP {kind} IF EXISTS {row['name']} CASCADE")
                dropped.append(row["name"])
            for row in await conn.fetch(_ROUTINES, SCHEMA):
                await conn.execute(f"DROP ROUTINE IF EXISTS {row['name']} CASCADE")
                dropped.append(row["name"])
            for row in await conn.fetch(_TYPES, SCHEMA):
                await conn.execute(f"DROP TYPE IF EXISTS {row['name']} CASCADE")
                dropped.append(row["name"])
    finally:
        await conn.close()
    return dropped


async def reset_database(
    url: str,
    revision: str = "head",
    options: Mapping[str, str] | None = None,
    alembic_ini: Path | None = None,
) -> list[str]:
    """Development and tests only: drop every app object, migrate to `revision` again and
    re-apply grants. Dropping (rather than `downgrade base`) also works when a downgrade
    is broken or the version table is out of step with the schema."""
    dropped = await drop_all(url)
    await migrate.upgrade(url, revision, options, alembic_ini)
    await sync_grants(url)
    return dropped
