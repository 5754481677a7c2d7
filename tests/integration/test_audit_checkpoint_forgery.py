"""A forger with the admin role rewrites the chain consistently; the signed checkpoints show it.

Re-hashing every entry from an edited one up to the head, and moving the head, leaves a
chain that verifies by itself; `strata audit verify` names the first checkpoint that the
rewritten chain contradicts. Runs the CLI on its own embedded PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from adapters.postgres.audit.log import SqlaAuditLog
from adapters.postgres.infra.engine import create_engine
from domain.audit.chain import seal
from domain.audit.entry import AuditEntry
from tests.integration.test_audit_tamper import LOCK, OLD, RECENT, UNLOCK, Trail, _append_as_service

pytestmark = [pytest.mark.postgres]

BATCH = OLD + RECENT  # entries each append adds
EDITED = BATCH + 5  # between the first checkpoint (BATCH) and the second (2 * BATCH)
SECRET = "a secret only the servers hold"


@pytest.fixture(scope="module")
def trail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Trail]:
    runner = Trail(tmp_path_factory.mktemp("checkpoints") / ".strata")
    runner.env["STRATA_AUDIT_CHECKPOINT_SECRET"] = SECRET
    done = runner.cli("db", "init")
    assert done.returncode == 0, done.stderr
    yield runner
    runner.close()


def _scan(trail: Trail) -> list[AuditEntry]:
    async def run() -> list[AuditEntry]:
        engine = create_engine(trail.url("strata_ro"))
        try:
            return await SqlaAuditLog(engine).scan(0, 10_000)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _rewrite(trail: Trail, entries: list[AuditEntry], keep: int) -> None:
    """As the admin role, triggers off: store `entries[:keep]` re-sealed, move the head."""
    first = entries[0].sequence or 1
    head = seal(entries[:keep], first - 1, entries[0].prev_hash or "")
    updates = [
        f"UPDATE audit_entries SET resource = '{e.resource}', prev_hash = '{e.prev_hash}', "
        f"hash = '{e.hash}' WHERE sequence = {e.sequence}"
        for e in entries[:keep]
    ]
    trail.sql(
        "strata_admin",
        UNLOCK,
        *updates,
        f"DELETE FROM audit_entries WHERE sequence > {head[0]}",
        f"UPDATE audit_chain_head SET last_sequence = {head[0]}, last_hash = '{head[1]}'",
        LOCK,
    )


def test_checkpoints_are_signed_and_match_an_untouched_chain(trail: Trail) -> None:
    for expected in (BATCH, 2 * BATCH):
        asyncio.run(_append_as_service(trail.url("strata_rw")))
        done = trail.cli("audit", "checkpoint")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"checkpoint {expected} ") and "signed" in done.stdout
    again = trail.cli("audit", "checkpoint")
    assert again.stdout.startswith("no checkpoint")
    done = trail.cli("audit", "verify")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        f"ok: {2 * BATCH} entries, chain intact",
        "checkpoints: 2 match the chain; all signed",
    ]


def test_the_service_role_and_the_owner_may_not_change_checkpoints(trail: Trail) -> None:
    import asyncpg

    for user, refusal in (("strata_rw", "permission denied"), ("strata_admin", "immutable")):
        for attack in (
            "UPDATE audit_checkpoints SET sequence = 1",
            "DELETE FROM audit_checkpoints",
        ):
            with pytest.raises(asyncpg.InsufficientPrivilegeError, match=refusal):
                trail.sql(user, attack)


def test_verify_names_the_checkpoint_a_rehashed_and_relinked_chain_contradicts(
    trail: Trail,
) -> None:
    entries = _scan(trail)
    entries[EDITED - 1].resource = "forged"
    _rewrite(trail, entries[EDITED - 1 :], keep=len(entries) - EDITED + 1)
    done = trail.cli("audit", "verify")
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1, done.stdout
    assert done.stdout.startswith(f"TAMPERED: checkpoint {2 * BATCH} (")
    assert done.stdout.rstrip().endswith(
        f"entry {2 * BATCH} is not the one checkpointed: entries were rewritten"
    )


def test_verify_names_the_checkpoint_above_a_head_moved_back(trail: Trail) -> None:
    entries = _scan(trail)
    _rewrite(trail, entries, keep=2 * BATCH - 3)
    done = trail.cli("audit", "verify")
    assert done.returncode == 1, done.stdout
    assert done.stdout.startswith(f"TAMPERED: checkpoint {2 * BATCH} (")
    head = 2 * BATCH - 3
    assert f"the chain's head ({head}) is behind it: newer entries were removed" in done.stdout
