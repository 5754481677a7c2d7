"""`strata jobs purge` as an operator runs it: finished jobs before the cut go with their
events, in batches with progress on stderr; pending and later jobs stay."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.integration.test_cli import Cli, cli  # noqa: F401

pytestmark = [pytest.mark.postgres]
BEFORE_CUT = datetime(2025, 6, 1, tzinfo=UTC)
AFTER_CUT = datetime(2026, 2, 1, tzinfo=UTC)


def _add_job(runner: Cli, place: Any, status: str, completed_at: datetime | None) -> str:
    [row] = runner.fetch(
        "INSERT INTO jobs (id, workspace_id, owner_id, kind, status, completed_at)"
        " VALUES (gen_random_uuid(), $1, $2, 'echo', $3, $4) RETURNING id",
        place["workspace_id"],
        place["user_id"],
        status,
        completed_at,
    )
    runner.fetch(
        "INSERT INTO job_events (job_id, seq, workspace_id, to_status, progress, at)"
        " VALUES ($1, 1, $2, 'pending', 0, now())",
        row["id"],
        place["workspace_id"],
    )
    return str(row["id"])


def test_purge_deletes_only_finished_jobs_before_the_cut_in_batches(cli: Cli) -> None:  # noqa: F811
    cli.ok("db", "init")
    cli.ok("db", "seed")
    [place] = cli.fetch(
        "SELECT m.workspace_id, m.user_id FROM memberships m"
        " JOIN users u ON u.id = m.user_id WHERE u.email = 'demo@example.com'"
    )
    old = [_add_job(cli, place, s, BEFORE_CUT) for s in ("completed", "failed", "cancelled")]
    kept = [
        _add_job(cli, place, "completed", AFTER_CUT),
        _add_job(cli, place, "pending", None),
        _add_job(cli, place, "running", None),
    ]
    done = cli.ok("jobs", "purge", "--before", "2026-01-01T00:00:00Z", "--batch", "2")
    assert done.stdout.strip() == "purged 3 finished jobs from before 2026-01-01T00:00:00+00:00"
    assert "purged 2 jobs so far" in done.stderr and "purged 3 jobs so far" in done.stderr
    left = {str(r["id"]) for r in cli.fetch("SELECT id FROM jobs")}
    assert left.isdisjoint(old) and set(kept) <= left
    events = cli.fetch("SELECT count(*) AS n FROM job_events WHERE job_id = ANY($1::uuid[])", old)
    assert events[0]["n"] == 0
    again = cli.ok("jobs", "purge", "--before", "2026-01-01T00:00:00Z")
    assert again.stdout.strip().startswith("purged 0 finished jobs")


def test_a_future_or_malformed_cut_is_refused_before_anything_runs(cli: Cli) -> None:  # noqa: F811
    for value in ("2999-01-01T00:00:00Z", "yesterday"):
        done = cli("jobs", "purge", "--before", value)
        assert done.returncode == 2 and "--before" in done.stderr, done.stderr
    done = cli("jobs", "purge", "--before", "2026-01-01", "--batch", "0")
    assert done.returncode == 2 and "--batch" in done.stderr
