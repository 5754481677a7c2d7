"""Purging a prefix of the audit chain, the purge itself recorded as the next entry."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from adapters.postgres.audit.group_commit import LOCK_HEAD, GroupCommit
from adapters.postgres.audit.tables import PURGE_SETTING, audit_entries
from domain.audit.entry import AuditEntry
from domain.audit.normal_form import normalise

_e = audit_entries.c


class AuditPurge(GroupCommit):
    async def purge(self, before: datetime, entry: AuditEntry) -> int:
        """Deletes the prefix of the chain below the first entry at or after `before`.

        Appends wait on the head's lock while it runs."""
        normalise(entry)
        before = before.replace(tzinfo=UTC) if before.tzinfo is None else before
        async with self._transaction() as conn:
            await conn.execute(sa.text(f"SET LOCAL {PURGE_SETTING} = 'on'"))
            head = (await conn.execute(LOCK_HEAD)).one()
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
