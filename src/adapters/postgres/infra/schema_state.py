"""Whether a login may migrate, and whether the schema is at the migrations' head."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from adapters.postgres.infra import migrate
from adapters.postgres.infra.admin.connection import SCHEMA, connect

_MAY_MIGRATE = """
SELECT r.rolsuper OR pg_has_role(current_user, n.nspowner, 'USAGE')
FROM pg_roles r, pg_namespace n
WHERE r.rolname = current_user AND n.nspname = $1
"""


@dataclass(frozen=True, slots=True)
class SchemaState:
    current: str | None
    heads: tuple[str, ...]

    @property
    def at_head(self) -> bool:
        return self.current is not None and self.current in self.heads


async def may_migrate(url: str) -> bool:
    """A superuser, or a member of the role owning the schema (strata_admin), may; the
    service's least-privilege role (strata_rw) may not."""
    conn = await connect(url)
    try:
        return bool(await conn.fetchval(_MAY_MIGRATE, SCHEMA))
    finally:
        await conn.close()


async def schema_state(url: str, alembic_ini: Path | None = None) -> SchemaState:
    """The database's revision (read-only: needs SELECT on alembic_version) and the heads
    of the migrations `alembic_ini` names (the repository's when None)."""
    heads = tuple(migrate.script_directory(alembic_ini).get_heads())
    return SchemaState(await migrate.current(url), heads)
