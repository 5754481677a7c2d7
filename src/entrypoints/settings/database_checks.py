"""Database settings that contradict each other, each problem naming its variables."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from entrypoints.settings import database_urls as urls
from entrypoints.settings.base import Problem
from entrypoints.settings.database_urls import DatabaseTarget
from entrypoints.settings.urls import same_database


def database_problems(
    s: DatabaseTarget, *, storage: str, demo: bool, db_environment: str | None
) -> list[Problem]:
    """`storage`, `demo` and `db_environment` as given (STRATA_STORAGE, DEMO,
    STRATA_DB_ENVIRONMENT); `s` as they and the rest resolve."""
    return [
        *_environments(demo, db_environment),
        *_memory_with_urls(s, storage),
        *_shared_names(s),
        *_role_passwords(s),
        *_prod_without_server(s, storage),
        *_isolation(s),
    ]


def _environments(demo: bool, db_environment: str | None) -> list[Problem]:
    if demo and db_environment not in (None, "demo"):
        return [
            (
                f"DEMO=1 contradicts STRATA_DB_ENVIRONMENT={db_environment}: unset one of them",
                ("DEMO", "STRATA_DB_ENVIRONMENT"),
            )
        ]
    return []


def _memory_with_urls(s: DatabaseTarget, storage: str) -> list[Problem]:
    if storage != "memory":
        return []
    urls_set = (
        ("DATABASE_URL", s.db_url),
        ("DATABASE_URL_TEST", s.db_url_test),
        ("DATABASE_URL_DEMO", s.db_url_demo),
    )
    return [
        (
            f"STRATA_STORAGE=memory contradicts {var} being set: unset {var} "
            "or use STRATA_STORAGE=postgres",
            ("STRATA_STORAGE", var),
        )
        for var, value in urls_set
        if value
    ]


def _shared_names(s: DatabaseTarget) -> list[Problem]:
    names = {"DB_NAME": s.db_name, "DB_NAME_TEST": s.db_name_test, "DB_NAME_DEMO": s.db_name_demo}
    out: list[Problem] = []
    seen: dict[str, str] = {}
    for var, name in names.items():
        if name in seen:
            out.append(
                (
                    f"{var}={name} is the same database as {seen[name]}: test and demo need "
                    "their own databases",
                    (var, seen[name]),
                )
            )
        seen.setdefault(name, var)
    return out


def _role_passwords(s: DatabaseTarget) -> list[Problem]:
    missing = [urls.ROLE_PASSWORD_VARS[r] for r in ("admin", "rw") if s.role_passwords[r] is None]
    if s.role_mode and missing:
        return [
            (
                f"{' and '.join(missing)} not set, but other role passwords are: role mode "
                "needs DB_PASSWORD_ADMIN and DB_PASSWORD_RW (DB_PASSWORD_RO for reporting)",
                tuple(missing),
            )
        ]
    return []


def _prod_without_server(s: DatabaseTarget, storage: str) -> list[Problem]:
    if storage == "postgres" and s.environment == "prod" and urls.server_url(s) is None:
        return [
            (
                "STRATA_DB_ENVIRONMENT=prod needs a real server: set DATABASE_URL "
                "(or DB_HOST and friends)",
                ("STRATA_DB_ENVIRONMENT", "DATABASE_URL"),
            )
        ]
    return []


def _isolation(s: DatabaseTarget) -> list[Problem]:
    """DATABASE_URL_TEST / _DEMO must not point at the dev database (resets are destructive)."""
    if not s.db_url:
        return []
    dev = make_url(s.db_url)
    return [
        (
            f"{var} points at the same database as DATABASE_URL: give it its own database",
            (var, "DATABASE_URL"),
        )
        for var, value in (
            ("DATABASE_URL_TEST", s.db_url_test),
            ("DATABASE_URL_DEMO", s.db_url_demo),
        )
        if value and same_database(make_url(value), dev)
    ]
