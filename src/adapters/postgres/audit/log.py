"""The audit log on PostgreSQL: appends serialised on the chain's head row, reads by index.

Values are put in the form PostgreSQL gives back (UUIDs lower-case, times in UTC,
addresses as `ipaddress` prints them, JSON re-parsed) before an entry is sealed,
so an entry read back hashes as it did when it was appended.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import asyncpg as postgresql_asyncpg
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.audit.tables import PURGE_SETTING, audit_chain_head, audit_entries
from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.observe import observed
from adapters.postgres.infra.session import DriverPool, Session
from domain.audit.chain import seal
from domain.audit.entry import AuditEntry, Outcome
from domain.audit.normal_form import canonical_uuid, normalise
from domain.kernel.errors import AlreadyExists, InvalidArgument, Unavailable
from ports.audit import PURGE_ACTION, ActionSummary, ActivityBucket, AuditFilter

_e = audit_entries.c
_FIELDS = [c.name for c in audit_entries.c]
_LOCK_HEAD = sa.select(
    audit_chain_head.c.last_sequence, audit_chain_head.c.last_hash
).with_for_update()
_HEAD = sa.select(audit_chain_head.c.last_sequence, audit_chain_head.c.last_hash)
_MOVE_HEAD = audit_chain_head.update().values(
    last_sequence=sa.bindparam("last_sequence"), last_hash=sa.bindparam("last_hash")
)
_LOCK_HEAD_SQL = "SELECT last_sequence, last_hash FROM audit_chain_head FOR UPDATE"
_INSERT_SQL = "INSERT INTO audit_entries ({}) VALUES ({})".format(
    ", ".join(f'"{name}"' for name in _FIELDS),
    ", ".join(f"${i}" for i in range(1, len(_FIELDS) + 1)),
)
_MOVE_HEAD_SQL = "UPDATE audit_chain_head SET last_sequence = $1, last_hash = $2"
_STORED_SQL = "SELECT id FROM audit_entries WHERE id = ANY($1::uuid[])"
# One entry and the head's move in one round trip (the head is locked already).
_N = len(_FIELDS)
_INSERT_ONE_SQL = (
    f"WITH moved AS (UPDATE audit_chain_head SET last_sequence = ${_N + 1}, "
    f"last_hash = ${_N + 2}) {_INSERT_SQL}"
)
_HOUR = sa.func.date_trunc(sa.literal_column("'hour'"), _e.occurred_at, sa.literal_column("'UTC'"))
_GET = sa.select(audit_entries).where(_e.id == sa.bindparam("id"))
_GET_SQL = str(_GET.compile(dialect=postgresql_asyncpg.dialect()))  # type: ignore[no-untyped-call]


def _row(entry: AuditEntry) -> dict[str, Any]:
    row = {name: getattr(entry, name) for name in _FIELDS}
    row["outcome"] = str(entry.outcome)
    return row


def _values(entry: AuditEntry) -> tuple[Any, ...]:
    row = _row(entry)
    return tuple(row[name] for name in _FIELDS)


def _entry(row: Mapping[Any, Any]) -> AuditEntry:
    values = {name: row[name] for name in _FIELDS}
    for name in ("id", "user_id", "workspace_id", "peer_ip"):
        if values[name] is not None:
            values[name] = str(values[name])
    values["occurred_at"] = values["occurred_at"].astimezone(UTC)
    values["outcome"] = Outcome(values["outcome"])
    return AuditEntry(**values)


def _where(filt: AuditFilter) -> list[sa.ColumnElement[bool]] | None:
    """The filter's conditions; None when nothing can match (a malformed id)."""
    clauses: list[sa.ColumnElement[bool]] = []
    for name in ("user_id", "workspace_id"):
        if value := getattr(filt, name):
            if (key := canonical_uuid(value)) is None:
                return None
            clauses.append(_e[name] == key)
    for name in ("username", "action", "request_id"):
        if value := getattr(filt, name):
            clauses.append(_e[name] == value)
    if filt.outcomes:
        clauses.append(_e.outcome.in_([str(o) for o in filt.outcomes]))
    if filt.start is not None:
        clauses.append(_e.occurred_at >= filt.start)
    if filt.end is not None:
        clauses.append(_e.occurred_at < filt.end)
    if filt.min_duration_ms is not None:
        clauses.append(_e.duration_ms >= filt.min_duration_ms)
    return clauses


def _below(after: tuple[Any, ...] | None) -> int | None:
    """The sequence a page continues below, from the key of the last row seen."""
    if after is None:
        return None
    try:
        (sequence,) = after
        return int(sequence)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None


def _may_be_stored(entries: list[AuditEntry]) -> bool:
    """Only a failure entry can name a stored id: its call's commit had an unknown outcome."""
    return any(e.outcome is not Outcome.SUCCESS for e in entries)


async def _unstored(driver: Any, entries: list[AuditEntry]) -> list[AuditEntry]:
    """The entries whose ids are not stored yet; a batch of successes (reads, mostly)
    costs no lookup."""
    if not _may_be_stored(entries):
        return entries
    stored = {str(r["id"]) for r in await driver.fetch(_STORED_SQL, [e.id for e in entries])}
    return [e for e in entries if e.id not in stored] if stored else entries


def _text_values(entry: AuditEntry) -> tuple[Any, ...]:
    """`_values` for a connection whose json codec takes text (SQLAlchemy's)."""
    row = _row(entry)
    row["roles"], row["request"] = json.dumps(row["roles"]), json.dumps(row["request"])
    return tuple(row[name] for name in _FIELDS)


async def append_in_transaction(driver: Any, entries: list[AuditEntry]) -> None:
    """Seal and insert `entries` on SQLAlchemy's driver connection inside its open
    transaction, the head locked until that transaction ends."""
    for entry in entries:
        normalise(entry)
    head = await driver.fetchrow(_LOCK_HEAD_SQL)
    last_sequence, last_hash = seal(entries, head["last_sequence"], head["last_hash"])
    if len(entries) == 1:
        await driver.execute(_INSERT_ONE_SQL, *_text_values(entries[0]), last_sequence, last_hash)
        return
    await driver.executemany(_INSERT_SQL, [_text_values(e) for e in entries])
    await driver.execute(_MOVE_HEAD_SQL, last_sequence, last_hash)


class SqlaAuditEntries:
    """AuditEntries on a unit of work's session: the entries commit with its write."""

    def __init__(self, session: Session) -> None:
        self._session = session

    async def append(self, entries: list[AuditEntry]) -> None:
        if not entries:
            return
        conn = await self._session.conn()
        with translated():
            if not conn.in_transaction():
                await conn.exec_driver_sql("SELECT 1")  # begins it, on the driver too
            driver: Any = (await conn.get_raw_connection()).driver_connection
            async with observed(self._session.observer, "insert", _INSERT_SQL):
                await append_in_transaction(driver, entries)


class SqlaAuditLog:
    """AuditLog and AuditMaintenance. `pool`, when given, serves `get` on the driver."""

    def __init__(self, engine: AsyncEngine, pool: DriverPool | None = None) -> None:
        self._engine = engine
        self._pool = pool
        self._waiting: list[tuple[list[AuditEntry], asyncio.Future[None], bool]] = []
        self._writer: asyncio.Task[None] | None = None

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[AsyncConnection]:
        with translated():
            async with self._engine.begin() as conn:
                yield conn

    async def _rows(self, stmt: sa.Executable) -> list[Mapping[Any, Any]]:
        with translated():
            async with self._engine.connect() as conn:
                await conn.execution_options(isolation_level="AUTOCOMMIT")
                return list((await conn.execute(stmt)).mappings())

    async def _seal_and_insert(self, conn: AsyncConnection, entries: list[AuditEntry]) -> None:
        head = (await conn.execute(_LOCK_HEAD)).one()
        if _may_be_stored(entries):
            ids = [e.id for e in entries]
            found = await conn.execute(sa.select(_e.id).where(_e.id.in_(ids)))
            stored = {str(i) for i in found.scalars()}
            entries = [e for e in entries if e.id not in stored]
            if not entries:
                return
        last_sequence, last_hash = seal(entries, head.last_sequence, head.last_hash)
        await conn.execute(audit_entries.insert(), [_row(e) for e in entries])
        await conn.execute(_MOVE_HEAD, {"last_sequence": last_sequence, "last_hash": last_hash})

    async def _write(self, entries: list[AuditEntry], durable: bool = True) -> None:
        if self._pool is None:
            async with self._transaction() as conn:
                await self._seal_and_insert(conn, entries)
            return
        # On the driver: a pipelined prepared insert costs a fraction of SQLAlchemy's
        # per-row parameter processing, which matters as every call appends an entry.
        with translated():
            driver = await self._pool.acquire()
            try:
                async with (
                    driver.transaction(),
                    observed(self._pool.observer, "insert", _INSERT_SQL),
                ):
                    head = await driver.fetchrow(_LOCK_HEAD_SQL)
                    entries = await _unstored(driver, entries)
                    if entries:
                        last = seal(entries, head["last_sequence"], head["last_hash"])
                        await driver.executemany(_INSERT_SQL, [_values(e) for e in entries])
                        await driver.execute(_MOVE_HEAD_SQL, *last)
            finally:
                await self._pool.release(driver)

    async def append(self, entries: list[AuditEntry], durable: bool = True) -> None:
        """Group commit: appends that arrive while one is written go together in the next
        transaction, so concurrent callers do not queue one by one on the head's lock."""
        if not entries:
            return
        for entry in entries:
            normalise(entry)
        if len({e.id for e in entries}) < len(entries):
            raise AlreadyExists("the resource already exists", field="id")
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((entries, done, durable))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain(), name="audit-group-commit")
        await asyncio.shield(done)

    async def _drain(self) -> None:
        while self._waiting:
            waiting, self._waiting = self._waiting, []
            interrupted = Unavailable("the audit write was interrupted")
            outcomes: list[BaseException | None] = [interrupted] * len(waiting)
            try:
                durable = any(d for _, _, d in waiting)
                outcomes = await self._write_all([entries for entries, _, _ in waiting], durable)
            finally:
                for (_, done, _), outcome in zip(waiting, outcomes, strict=True):
                    if done.done():
                        continue
                    if outcome is None:
                        done.set_result(None)
                    else:
                        done.set_exception(outcome)

    async def _write_all(
        self, groups: list[list[AuditEntry]], durable: bool = True
    ) -> list[BaseException | None]:
        """Each group's outcome: None when written, else the error."""
        try:
            await self._write([e for entries in groups for e in entries], durable)
        except Unavailable as exc:
            return [exc] * len(groups)
        except Exception as exc:
            if len(groups) == 1:
                return [exc]
            # One caller's bad entry must not fail the others: write each group alone.
            return [await self._alone(entries) for entries in groups]
        return [None] * len(groups)

    async def _alone(self, entries: list[AuditEntry]) -> BaseException | None:
        try:
            await self._write(entries)
        except Exception as exc:
            return exc
        return None

    async def get(self, entry_id: str) -> AuditEntry | None:
        key = canonical_uuid(entry_id)
        if key is None:
            return None
        if self._pool is None:
            rows = await self._rows(_GET.params(id=key))
        else:
            with translated():
                driver = await self._pool.acquire()
                try:
                    rows = list(await driver.fetch(_GET_SQL, key))
                finally:
                    await self._pool.release(driver)
        return _entry(rows[0]) if rows else None

    async def find(
        self, filt: AuditFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[AuditEntry]:
        below = _below(after)
        clauses = _where(filt)
        if clauses is None:
            return []
        if below is not None:
            clauses.append(_e.sequence < below)
        stmt = sa.select(audit_entries).where(*clauses).order_by(_e.sequence.desc()).limit(limit)
        return [_entry(row) for row in await self._rows(stmt)]

    async def summarize(self, filt: AuditFilter) -> list[ActionSummary]:
        clauses = _where(filt)
        if clauses is None:
            return []
        avg = sa.func.avg(_e.duration_ms)
        stmt = (
            sa.select(
                _e.action,
                sa.func.count().label("count"),
                sa.func.count().filter(_e.outcome != str(Outcome.SUCCESS)).label("errors"),
                avg.label("avg"),
                sa.func.max(_e.duration_ms).label("max"),
            )
            .where(*clauses)
            .group_by(_e.action)
            .order_by(avg.desc(), _e.action)
        )
        return [
            ActionSummary(r["action"], r["count"], r["errors"], float(r["avg"]), r["max"])
            for r in await self._rows(stmt)
        ]

    async def activity(self, filt: AuditFilter) -> list[ActivityBucket]:
        clauses = _where(filt)
        if clauses is None:
            return []
        hour = _HOUR.label("hour")
        stmt = (
            sa.select(
                hour,
                sa.func.count().label("events"),
                sa.func.count().filter(_e.outcome == str(Outcome.ERROR)).label("errors"),
            )
            .where(*clauses)
            .group_by(_HOUR)
            .order_by(_HOUR)
        )
        return [
            ActivityBucket(r["hour"].astimezone(UTC), r["events"], r["errors"])
            for r in await self._rows(stmt)
        ]

    async def scan(self, after_sequence: int, limit: int) -> list[AuditEntry]:
        stmt = (
            sa.select(audit_entries)
            .where(_e.sequence > after_sequence)
            .order_by(_e.sequence)
            .limit(limit)
        )
        return [_entry(row) for row in await self._rows(stmt)]

    async def head(self) -> tuple[int, str]:
        row = (await self._rows(_HEAD))[0]
        return int(row["last_sequence"]), str(row["last_hash"])

    async def purge_anchors(self) -> dict[int, str]:
        stmt = sa.select(_e.request).where(_e.action == PURGE_ACTION).order_by(_e.sequence)
        anchors: dict[int, str] = {}
        for row in await self._rows(stmt):
            request = row["request"]
            if isinstance(request, dict) and request.get("anchor_sequence") is not None:
                anchors[int(request["anchor_sequence"])] = str(request["anchor_hash"])
        return anchors

    async def purge(self, before: datetime, entry: AuditEntry) -> int:
        """Deletes the prefix of the chain below the first entry at or after `before`.

        Appends wait on the head's lock while it runs."""
        normalise(entry)
        before = before.replace(tzinfo=UTC) if before.tzinfo is None else before
        async with self._transaction() as conn:
            await conn.execute(sa.text(f"SET LOCAL {PURGE_SETTING} = 'on'"))
            head = (await conn.execute(_LOCK_HEAD)).one()
            first_kept = await conn.scalar(
                sa.select(_e.sequence)
                .where(_e.occurred_at >= before)
                .order_by(_e.sequence)
                .limit(1)
            )
            bound = head.last_sequence + 1 if first_kept is None else first_kept
            last = (
                await conn.execute(
                    sa.select(_e.sequence, _e.hash)
                    .where(_e.sequence < bound)
                    .order_by(_e.sequence.desc())
                    .limit(1)
                )
            ).first()
            deleted = (
                await conn.execute(audit_entries.delete().where(_e.sequence < bound))
            ).rowcount
            entry.request = {
                **entry.request,
                "before": before.astimezone(UTC).isoformat(),
                "deleted": deleted,
                "anchor_sequence": last.sequence if last else None,
                "anchor_hash": last.hash if last else None,
            }
            await self._seal_and_insert(conn, [entry])
        return int(deleted)
