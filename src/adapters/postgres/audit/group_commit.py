"""Appends to the audit log: group commit, one transaction for what arrives meanwhile.

When a combined write fails for anything but Unavailable, each caller's entries are
written alone: a caller's bad entry fails that caller only. Callers that want each
entry retried alone (the batch writer) append each as its own group.
"""

from __future__ import annotations

import asyncio

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.postgres.audit.chain import (
    INSERT_SQL,
    LOCK_HEAD_SQL,
    MOVE_HEAD_SQL,
    may_be_stored,
    unstored,
)
from adapters.postgres.audit.connections import AuditConnections
from adapters.postgres.audit.rows import row_of, values_of
from adapters.postgres.audit.tables import audit_chain_head, audit_entries
from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.observe import observed
from adapters.postgres.infra.session import DriverPool
from domain.audit.chain import seal
from domain.audit.entry import AuditEntry
from domain.audit.normal_form import normalise
from domain.kernel.errors import AlreadyExists, Unavailable

LOCK_HEAD = sa.select(
    audit_chain_head.c.last_sequence, audit_chain_head.c.last_hash
).with_for_update()
_MOVE_HEAD = audit_chain_head.update().values(
    last_sequence=sa.bindparam("last_sequence"), last_hash=sa.bindparam("last_hash")
)
_e = audit_entries.c


class GroupCommit(AuditConnections):
    def __init__(self, engine: AsyncEngine, pool: DriverPool | None = None) -> None:
        super().__init__(engine, pool)
        self._waiting: list[tuple[list[AuditEntry], asyncio.Future[None], bool]] = []
        self._writer: asyncio.Task[None] | None = None

    async def _seal_and_insert(self, conn: AsyncConnection, entries: list[AuditEntry]) -> None:
        head = (await conn.execute(LOCK_HEAD)).one()
        if may_be_stored(entries):
            ids = [e.id for e in entries]
            found = await conn.execute(sa.select(_e.id).where(_e.id.in_(ids)))
            stored = {str(i) for i in found.scalars()}
            entries = [e for e in entries if e.id not in stored]
            if not entries:
                return
        last_sequence, last_hash = seal(entries, head.last_sequence, head.last_hash)
        await conn.execute(audit_entries.insert(), [row_of(e) for e in entries])
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
                    observed(self._pool.observer, "insert", INSERT_SQL),
                ):
                    head = await driver.fetchrow(LOCK_HEAD_SQL)
                    entries = await unstored(driver, entries)
                    if entries:
                        last = seal(entries, head["last_sequence"], head["last_hash"])
                        await driver.executemany(INSERT_SQL, [values_of(e) for e in entries])
                        await driver.execute(MOVE_HEAD_SQL, *last)
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
