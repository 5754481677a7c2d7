"""Schema public owned by strata_admin, with what another login created handed to it
(say, migrations run before `db init`), or its later migrations could not alter or drop it."""

from __future__ import annotations

import asyncpg

from adapters.postgres.infra.admin.connection import SCHEMA, ident
from adapters.postgres.infra.admin.roles import ADMIN_ROLE

RELATION_KINDS = {
    "r": "TABLE",
    "p": "TABLE",
    "f": "FOREIGN TABLE",
    "v": "VIEW",
    "m": "MATERIALIZED VIEW",
    "S": "SEQUENCE",
}
_FOREIGN_RELATIONS = """
SELECT c.oid::regclass::text AS name, c.relkind::text AS relkind
FROM pg_class c
WHERE c.relnamespace = $1::regnamespace
  AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
  AND pg_get_userbyid(c.relowner) <> $2
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('e', 'a', 'i'))
"""
_FOREIGN_ROUTINES = """
SELECT p.oid::regprocedure::text AS name FROM pg_proc p
WHERE p.pronamespace = $1::regnamespace AND p.prokind IN ('f', 'p')
  AND pg_get_userbyid(p.proowner) <> $2
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                    AND d.deptype = 'e')
"""
_FOREIGN_TYPES = """
SELECT t.oid::regtype::text AS name FROM pg_type t
WHERE t.typnamespace = $1::regnamespace AND t.typtype IN ('e', 'd', 'r')
  AND pg_get_userbyid(t.typowner) <> $2
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
                    AND d.deptype = 'e')
"""


async def own_schema(conn: asyncpg.Connection) -> list[str]:
    """Make strata_admin the schema's owner (no CREATE for PUBLIC); what was adopted."""
    owner = ident(ADMIN_ROLE)
    await conn.execute(f"ALTER SCHEMA {SCHEMA} OWNER TO {owner}")
    await conn.execute(f"REVOKE CREATE ON SCHEMA {SCHEMA} FROM PUBLIC")
    adopted: list[str] = []
    for row in await conn.fetch(_FOREIGN_RELATIONS, SCHEMA, ADMIN_ROLE):
        kind = RELATION_KINDS[row["relkind"]]
        await conn.execute(f"ALTER {kind} {row['name']} OWNER TO {owner}")
        adopted.append(row["name"])
    for row in await conn.fetch(_FOREIGN_ROUTINES, SCHEMA, ADMIN_ROLE):
        await conn.execute(f"ALTER ROUTINE {row['name']} OWNER TO {owner}")
        adopted.append(row["name"])
    for row in await conn.fetch(_FOREIGN_TYPES, SCHEMA, ADMIN_ROLE):
        await conn.execute(f"ALTER TYPE {row['name']} OWNER TO {owner}")
        adopted.append(row["name"])
    return adopted
