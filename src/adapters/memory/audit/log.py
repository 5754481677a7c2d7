"""The audit log in memory: a list in sequence order behind one lock, kept like PostgreSQL's.

Entries are normalised as the PostgreSQL adapter does (UUIDs lower-case, UTC
times, addresses as `ipaddress` prints them, JSON re-parsed), and copies go in
and out, so what a test reads here is what it would read there.
"""

from __future__ import annotations

import asyncio
import bisect
import copy
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from domain.audit.chain import GENESIS, seal
from domain.audit.entry import AuditEntry, Outcome
from domain.audit.normal_form import canonical_uuid, normalise
from domain.kernel.errors import AlreadyExists
from domain.kernel.pagination import sequence_below
from ports.audit import PURGE_ACTION, ActionSummary, ActivityBucket, AuditFilter


def _same_id(stored: str | None, wanted: str | None) -> bool:
    """No filter, or a well-formed id equal to the stored one."""
    return not wanted or (stored is not None and stored == canonical_uuid(wanted))


def _matches(e: AuditEntry, f: AuditFilter) -> bool:
    return (
        _same_id(e.user_id, f.user_id)
        and _same_id(e.workspace_id, f.workspace_id)
        and (not f.username or e.username == f.username)
        and (not f.action or e.action == f.action)
        and (not f.request_id or e.request_id == f.request_id)
        and (not f.outcomes or e.outcome in f.outcomes)
        and (f.start is None or e.occurred_at >= f.start)
        and (f.end is None or e.occurred_at < f.end)
        and (f.min_duration_ms is None or e.duration_ms >= f.min_duration_ms)
    )


class InMemoryAuditLog:
    """AuditLog and AuditMaintenance for tests and the memory storage."""

    def __init__(self) -> None:
        self._entries: list[AuditEntry] = []  # ascending sequence
        self._by_id: dict[str, AuditEntry] = {}
        self._head = (0, GENESIS)
        self._lock = asyncio.Lock()

    def _append_locked(self, entries: list[AuditEntry]) -> None:
        self._head = seal(entries, *self._head)
        for entry in entries:
            stored = copy.deepcopy(entry)
            self._entries.append(stored)
            self._by_id[stored.id] = stored

    async def append(self, entries: list[AuditEntry], durable: bool = True) -> None:
        for entry in entries:
            normalise(entry)
        async with self._lock:
            if len({e.id for e in entries}) < len(entries):
                raise AlreadyExists("the resource already exists", field="id")
            self._append_locked([e for e in entries if e.id not in self._by_id])

    async def append_new(self, entries: list[AuditEntry]) -> None:
        """Append entries none of which is stored yet (else AlreadyExists, nothing stored)."""
        for entry in entries:
            normalise(entry)
        async with self._lock:
            ids = {e.id for e in entries}
            if len(ids) < len(entries) or not ids.isdisjoint(self._by_id):
                raise AlreadyExists("the resource already exists", field="id")
            self._append_locked(entries)

    async def get(self, entry_id: str) -> AuditEntry | None:
        entry = self._by_id.get(canonical_uuid(entry_id) or "")
        return copy.deepcopy(entry) if entry else None

    def _matching(self, filt: AuditFilter) -> list[AuditEntry]:
        return [e for e in self._entries if _matches(e, filt)]

    async def find(
        self, filt: AuditFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[AuditEntry]:
        below = sequence_below(after)
        found: list[AuditEntry] = []
        for entry in reversed(self._entries):
            if len(found) >= limit:
                break
            if (below is None or (entry.sequence or 0) < below) and _matches(entry, filt):
                found.append(copy.deepcopy(entry))
        return found

    async def summarize(self, filt: AuditFilter) -> list[ActionSummary]:
        groups: dict[str, list[AuditEntry]] = defaultdict(list)
        for entry in self._matching(filt):
            groups[entry.action].append(entry)
        summaries = [
            ActionSummary(
                action,
                len(group),
                sum(e.outcome != Outcome.SUCCESS for e in group),
                sum(e.duration_ms for e in group) / len(group),
                max(e.duration_ms for e in group),
            )
            for action, group in groups.items()
        ]
        return sorted(summaries, key=lambda s: (-s.avg_duration_ms, s.action))

    async def activity(self, filt: AuditFilter) -> list[ActivityBucket]:
        events: dict[datetime, int] = defaultdict(int)
        errors: dict[datetime, int] = defaultdict(int)
        for entry in self._matching(filt):
            hour = entry.occurred_at.replace(minute=0, second=0, microsecond=0)
            events[hour] += 1
            errors[hour] += entry.outcome == Outcome.ERROR
        return [ActivityBucket(hour, events[hour], errors[hour]) for hour in sorted(events)]

    async def scan(self, after_sequence: int, limit: int) -> list[AuditEntry]:
        start = bisect.bisect_right(self._entries, after_sequence, key=lambda e: e.sequence or 0)
        return [copy.deepcopy(e) for e in self._entries[start : start + limit]]

    async def head(self) -> tuple[int, str]:
        return self._head

    async def purge_anchors(self) -> dict[int, str]:
        return {
            int(e.request["anchor_sequence"]): str(e.request["anchor_hash"])
            for e in self._entries
            if e.action == PURGE_ACTION and e.request.get("anchor_sequence") is not None
        }

    async def purge(self, before: datetime, entry: AuditEntry) -> int:
        normalise(entry)
        before = before.replace(tzinfo=UTC) if before.tzinfo is None else before
        async with self._lock:
            kept = next((i for i, e in enumerate(self._entries) if e.occurred_at >= before), None)
            deleted = len(self._entries) if kept is None else kept
            last = self._entries[deleted - 1] if deleted else None
            for gone in self._entries[:deleted]:
                del self._by_id[gone.id]
            del self._entries[:deleted]
            entry.request = {
                **entry.request,
                "before": before.astimezone(UTC).isoformat(),
                "deleted": deleted,
                "anchor_sequence": last.sequence if last else None,
                "anchor_hash": last.hash if last else None,
            }
            self._append_locked([entry])
        return deleted
