"""Strata's configuration: the seeds' environment variables plus STRATA_*.

Which database (seed 000's precedence, per environment dev/demo/test/prod):

1. A full URL wins: DATABASE_URL_TEST (test), DATABASE_URL_DEMO (demo), else
   DATABASE_URL; for test and demo a borrowed DATABASE_URL gets DB_NAME_TEST /
   DB_NAME_DEMO swapped in, so they never share the dev database.
2. Otherwise, when any of DB_HOST, DB_PORT, DB_USER, DB_PASSWORD or a role
   password is set, the URL is built from those parts (host localhost, port
   5432, the environment's DB_NAME*).
3. Otherwise nothing is configured: `database_url()` answers None and the
   runtime starts an embedded PostgreSQL under STRATA_DATA_DIR.

Which credentials: when role passwords (DB_PASSWORD_ADMIN/_RW/_RO) are set,
the roles strata_admin (migrations, `db` commands), strata_rw (the service)
and strata_ro (reporting) replace the URL's user; the URL's own credentials
(DATABASE_URL's user, or DB_USER/DB_PASSWORD) are then only the bootstrap
login `strata db init` uses to create those roles. Without role passwords the
URL's own credentials are used for everything (the seeds' legacy mode).

Each concern reads its own variables (`database`, `server`, `auth`, `audit`, `knowledge`,
`observability`); `load_settings()` composes them into one `Settings`.
"""

from entrypoints.settings.base import SettingsError
from entrypoints.settings.composed import Settings
from entrypoints.settings.database_urls import ROLE_PASSWORD_VARS, ROLE_USERS
from entrypoints.settings.loading import (
    KNOWN_STRATA_VARS,
    check_unknown,
    load_settings,
    operator_name,
)
from entrypoints.settings.migrations import migration_settings
from entrypoints.settings.urls import redact_url

__all__ = [
    "KNOWN_STRATA_VARS",
    "ROLE_PASSWORD_VARS",
    "ROLE_USERS",
    "Settings",
    "SettingsError",
    "check_unknown",
    "load_settings",
    "migration_settings",
    "operator_name",
    "redact_url",
]
