"""Sealing entries after the chain's head and inserting them, the head locked meanwhile.

Values are put in the form PostgreSQL gives back (UUIDs lower-case, times in UTC,
addresses as `ipaddress` prints them, JSON re-parsed) before an entry is sealed,
so an entry read back hashes as it did when it was appended.
"""

from __future__ import annotations

from typing import Any

from adapters.postgres.audit.rows import FIELDS, text_values_of
from adapters.postgres.infra.errors import translated
from adapters.postgres.infra.observe import observed
from adapters.postgres.infra.session import Session
from domain.audit.chain import seal
from domain.audit.entry import AuditEntry, Outcome
from domain.audit.normal_form import normalise

LOCK_HEAD_SQL = "SELECT last_sequence, last_hash FROM audit_chain_head FOR UPDATE"
INSERT_SQL = "INSERT INTO audit_entries ({}) VALUES ({})".format(
    ", ".join(f'"{name}"' for name in FIELDS),
    ", ".join(f"${i}" for i in range(1, len(FIELDS) + 1)),
)
MOVE_HEAD_SQL = "UPDATE audit_chain_head SET last_sequence = $1, last_hash = $2"
_STORED_SQL = "SELECT id FROM audit_entries WHERE id = ANY($1::uuid[])"
# One entry and the head's move in one round trip (the head is locked already).
_N = len(FIELDS)
_INSERT_ONE_SQL = (
    f"WITH moved AS (UPDATE audit_chain_head SET last_sequence = ${_N + 1}, "
    f"last_hash = ${_N + 2}) {INSERT_SQL}"
)


def may_be_stored(entries: list[AuditEntry]) -> bool:
    """Only a failure entry can name a stored id: its call's commit had an unknown outcome."""
    return any(e.outcome is not Outcome.SUCCESS for e in entries)


async def unstored(driver: Any, entries: list[AuditEntry]) -> list[AuditEntry]:
    """The entries whose ids are not stored yet; a batch of successes (reads, mostly)
    costs no lookup."""
    if not may_be_stored(entries):
        return entries
    stored = {str(r["id"]) for r in await driver.fetch(_STORED_SQL, [e.id for e in entries])}
    return [e for e in entries if e.id not in stored] if stored else entries


async def append_in_transaction(driver: Any, entries: list[AuditEntry]) -> None:
    """Seal and insert `entries` on SQLAlchemy's driver connection inside its open
    transaction, the head locked until that transaction ends."""
    for entry in entries:
        normalise(entry)
    head = await driver.fetchrow(LOCK_HEAD_SQL)
    last_sequence, last_hash = seal(entries, head["last_sequence"], head["last_hash"])
    if len(entries) == 1:
        await driver.execute(_INSERT_ONE_SQL, *text_values_of(entries[0]), last_sequence, last_hash)
        return
    await driver.executemany(INSERT_SQL, [text_values_of(e) for e in entries])
    await driver.execute(MOVE_HEAD_SQL, last_sequence, last_hash)


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
            async with observed(self._session.observer, "insert", INSERT_SQL):
                await append_in_transaction(driver, entries)
