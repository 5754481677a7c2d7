"""Getting a database ready for the service and the CLI.

- Nothing configured: an embedded PostgreSQL 18 (with pgvector) under
  STRATA_DATA_DIR/pg (`embedded`); migrations run as strata_admin, the service connects
  as strata_rw: the same least-privilege layout as on a real server.
- A server configured (DATABASE_URL or DB_* parts): wait for it with bounded retries and
  exponential backoff (`configured`), check pgvector, migrate as the admin URL, re-apply
  grants, and hand the service the rw URL (`readiness`).

Also the operator flows the CLI offers: the demo seed and create-superuser.
"""

from entrypoints.runtime.configured import url_source, wait_for_database
from entrypoints.runtime.database import Database, StartupError
from entrypoints.runtime.demo import DEMO_PASSWORD, DEMO_WORKSPACE_NAME, DEMO_WORKSPACE_SLUG
from entrypoints.runtime.operator_flows import create_superuser, seed_demo
from entrypoints.runtime.readiness import (
    migrate_to,
    migration_options,
    open_database,
    prepare_database,
)

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_WORKSPACE_NAME",
    "DEMO_WORKSPACE_SLUG",
    "Database",
    "StartupError",
    "create_superuser",
    "migrate_to",
    "migration_options",
    "open_database",
    "prepare_database",
    "seed_demo",
    "url_source",
    "wait_for_database",
]
