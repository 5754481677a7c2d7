"""`strata serve` on the service's own least-privilege login: no DDL, only a schema check."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.integration.test_cli import Cli, no_traceback

pytestmark = [pytest.mark.postgres]


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cli]:
    runner = Cli(tmp_path_factory.mktemp("least-privilege") / ".strata")
    runner.ok("db", "init")
    yield runner
    runner.close()


def serves(cli: Cli, **env: str) -> str:
    """Start `strata serve`, wait until it listens, stop it; its log."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "entrypoints.cli", "serve"],
        env={**cli.env, "STRATA_LOG_LEVEL": "INFO", "STRATA_GRPC_ADDR": "127.0.0.1:0", **env},
        cwd=cli.data_dir.parent,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if "strata listening on" in line:
                return "".join(lines)
        pytest.fail("serve did not start:\n" + "".join(lines))
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def role_mode(cli: Cli) -> dict[str, str]:
    """Role passwords set: the URL's own login is only the bootstrap one."""
    return {
        "DATABASE_URL": cli.url(),
        "DB_PASSWORD_ADMIN": "admin-pw",
        "DB_PASSWORD_RW": "rw-pw",
        "STRATA_DB_CONNECT_RETRIES": "0",
    }


def test_serve_as_the_rw_role_at_head_starts_without_migrating(cli: Cli) -> None:
    log = serves(cli, DATABASE_URL=cli.url("strata_rw"))
    assert "database ready" in log
    assert "permission denied" not in log


def test_serve_as_the_rw_role_behind_head_names_the_upgrade_to_run(cli: Cli) -> None:
    cli.ok("db", "downgrade", "-1")
    try:
        done = cli("serve", DATABASE_URL=cli.url("strata_rw"))
        assert done.returncode == 1
        no_traceback(done)
        assert "strata db upgrade" in done.stderr and "not at head" in done.stderr
        assert "InsufficientPrivilege" not in done.stderr
        done = cli("serve", **role_mode(cli))
        assert done.returncode == 1, "with role passwords serving never migrates"
        no_traceback(done)
        assert "strata db upgrade" in done.stderr and "DB_PASSWORD_ADMIN" in done.stderr
    finally:
        cli.ok("db", "upgrade")
    assert cli.fetch("SELECT version_num FROM alembic_version")
