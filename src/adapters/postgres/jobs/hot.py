"""The queue's hot statements, compiled once and sent on the unit of work's driver
connection: a claim and an event append cost one round trip each and no SQLAlchemy work per
call (which measured several times the statements themselves, bench/RESULTS.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from adapters.postgres.jobs.run_order import ITS_TURN
from adapters.postgres.jobs.signals import CHANNEL
from adapters.postgres.jobs.tables import jobs
from domain.jobs.events import JobEvent
from domain.jobs.model import Job

_j = jobs.c
_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]
_JSON = frozenset(c.name for c in jobs.c if isinstance(c.type, sa.JSON))

_CLAIM = """
UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_epoch = lease_epoch + 1,
       lease_holder = $5, lease_expires_at = $6, started_at = $3, updated_at = $3,
       event_seq = event_seq + 1
WHERE id IN (
  SELECT j.id FROM jobs j
  WHERE j.workspace_id = $1::uuid AND j.status = 'pending' AND {kinds}
    AND j.scheduled_at <= $3 AND {its_turn}
  ORDER BY j.priority DESC, j.scheduled_at, j.id
  LIMIT $4
  FOR UPDATE SKIP LOCKED)
RETURNING *
"""
# One kind walks ix_jobs_claim in claim order and stops at the limit; several are sorted.
CLAIM_ONE_KIND = _CLAIM.format(kinds="j.kind = $2::text", its_turn=ITS_TURN)
CLAIM_KINDS = _CLAIM.format(kinds="j.kind = ANY($2::text[])", its_turn=ITS_TURN)


def claim_statement(kinds: Sequence[str]) -> tuple[str, Any]:
    """The statement for `kinds`, and its $2."""
    return (CLAIM_ONE_KIND, kinds[0]) if len(kinds) == 1 else (CLAIM_KINDS, list(kinds))


# The events in one insert from arrays (the details as one JSON array), and each job's
# last seq notified (up to WOKEN_PER_NOTIFY jobs a notification, well inside PostgreSQL's
# 8000-byte payload), in one statement.
WOKEN_PER_NOTIFY = 100
APPEND_EVENTS = f"""
WITH appended AS (
  INSERT INTO job_events (job_id, seq, workspace_id, from_status, to_status, progress, at, detail)
  SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::varchar[], $5::varchar[],
                       $6::float8[], $7::timestamptz[],
                       ARRAY(SELECT d FROM jsonb_array_elements($8::text::jsonb)
                             WITH ORDINALITY AS given(d, n) ORDER BY n))
  RETURNING job_id, seq),
last AS (
  SELECT job_id::text || ':' || max(seq) AS woken, row_number() OVER () - 1 AS n
  FROM appended GROUP BY job_id)
SELECT pg_notify('{CHANNEL}', string_agg(woken, ',')) FROM last GROUP BY n / {WOKEN_PER_NOTIFY}
"""


GET_MANY = """
SELECT * FROM jobs WHERE workspace_id = $1::uuid AND id = ANY($2::uuid[]) ORDER BY id
"""
LOCK_MANY = GET_MANY + "FOR UPDATE"
LOCK_MANY_UNTHREADED = """
WITH held AS (
  SELECT * FROM jobs WHERE workspace_id = $1::uuid AND id = ANY($2::uuid[])
    AND thread_id IS NULL ORDER BY id FOR UPDATE)
SELECT * FROM held
UNION ALL
SELECT * FROM jobs WHERE workspace_id = $1::uuid AND id = ANY($2::uuid[]) AND thread_id IS NOT NULL
ORDER BY id
"""


def _array_type(column: sa.Column[Any]) -> str:
    """The cast of a column's values sent as one array (jsonb travels as text)."""
    if column.name in _JSON:
        return "text[]::jsonb[]"
    return f"{column.type.compile(dialect=_DIALECT)}[]"


_KEYS = ("id", "workspace_id")


@lru_cache(maxsize=64)
def update_many_sql(columns: tuple[str, ...]) -> str:
    """`columns` of many jobs from one array per column (after the ids and workspaces), in
    one statement."""
    written = (*_KEYS, *columns)
    return (
        "UPDATE jobs SET {sets} FROM unnest({arrays}) AS given({names})"
        " WHERE {where} RETURNING jobs.id, jobs.updated_at"
    ).format(
        sets=", ".join(f"{f} = given.{f}" for f in columns),
        arrays=", ".join(f"${i}::{_array_type(jobs.c[f])}" for i, f in enumerate(written, 1)),
        names=", ".join(written),
        where="jobs.id = given.id AND jobs.workspace_id = given.workspace_id",
    )


def job_arrays(batch: Sequence[Job], columns: Sequence[str]) -> list[list[Any]]:
    def value(job: Job, name: str) -> Any:
        v = getattr(job, name)
        if name in _JSON:
            return None if v is None else json.dumps(v)
        return str(v) if name == "status" else v

    return [[value(job, f) for job in batch] for f in (*_KEYS, *columns)]


def event_arrays(events: Sequence[JobEvent]) -> list[Any]:
    return [
        [e.job_id for e in events],
        [e.seq for e in events],
        [e.workspace_id for e in events],
        [str(e.from_status) if e.from_status else None for e in events],
        [str(e.to_status) for e in events],
        [e.progress for e in events],
        [e.at for e in events],
        json.dumps([e.detail for e in events]),
    ]
