"""Where the environment's database is and how each role logs in to it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

from entrypoints.settings.base import SettingsError
from entrypoints.settings.urls import render

ROLE_USERS: dict[str, str] = {"admin": "strata_admin", "rw": "strata_rw", "ro": "strata_ro"}
ROLE_PASSWORD_VARS: dict[str, str] = {
    "admin": "DB_PASSWORD_ADMIN",
    "rw": "DB_PASSWORD_RW",
    "ro": "DB_PASSWORD_RO",
}


@dataclass(frozen=True, slots=True)
class DatabaseTarget:
    """The plain values that say where the environment's database is and who logs in.

    `role_passwords` maps "admin"/"rw"/"ro" to the password as set (None: not set).
    """

    environment: str
    db_name: str
    db_name_test: str
    db_name_demo: str
    db_url: str | None
    db_url_test: str | None
    db_url_demo: str | None
    db_host: str | None
    db_port: int | None
    db_user: str | None
    db_password: str | None
    role_passwords: Mapping[str, str | None]

    @property
    def role_mode(self) -> bool:
        """True when role passwords are configured (strata_admin / _rw / _ro)."""
        return any(self.role_passwords.values())


def name_for(s: DatabaseTarget, environment: str) -> str:
    return {
        "dev": s.db_name,
        "prod": s.db_name,
        "test": s.db_name_test,
        "demo": s.db_name_demo,
    }[environment]


def parts_configured(s: DatabaseTarget) -> bool:
    parts = (s.db_host, s.db_port, s.db_user, s.db_password)
    return s.role_mode or any(v is not None for v in parts)


def server_url(s: DatabaseTarget) -> URL | None:
    """Where the environment's database is, with the URL's own credentials."""
    env = s.environment
    own = {"test": s.db_url_test, "demo": s.db_url_demo}.get(env)
    if own:
        return make_url(own)
    if s.db_url:
        url = make_url(s.db_url)
        return url.set(database=name_for(s, env)) if env in ("test", "demo") else url
    if parts_configured(s):
        return URL.create(
            "postgresql",
            username=s.db_user or "postgres",
            password=s.db_password or None,
            host=s.db_host or "localhost",
            port=s.db_port or 5432,
            database=name_for(s, env),
        )
    return None


def database_name(s: DatabaseTarget) -> str:
    """The environment's database: from its URL when one is given, else DB_NAME*."""
    url = server_url(s)
    if url is not None and url.database:
        return url.database
    return name_for(s, s.environment)


def role_password(s: DatabaseTarget, role: str) -> str | None:
    return s.role_passwords.get(role) or None


def database_url(s: DatabaseTarget, role: str) -> str | None:
    """The URL to connect as `role`, or None when nothing is configured (embedded)."""
    url = server_url(s)
    if url is None:
        return None
    if s.role_mode:
        if s.role_passwords.get(role) is None:
            raise SettingsError(
                f"{ROLE_PASSWORD_VARS[role]} is not set, but other role passwords are: "
                f"connecting as {ROLE_USERS[role]} needs it",
                (ROLE_PASSWORD_VARS[role],),
            )
        url = url.set(username=ROLE_USERS[role], password=role_password(s, role))
        url = url.difference_update_query(["user", "password"])
    return render(url)


def bootstrap_url(s: DatabaseTarget) -> str | None:
    """The URL with its own credentials (DATABASE_URL's user or DB_USER/DB_PASSWORD):
    the login `strata db init` uses to create databases and roles."""
    url = server_url(s)
    return None if url is None else render(url)
