"""The hash chain: each entry's hash covers its content and the previous hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from domain.audit.entry import AuditEntry

GENESIS = "0" * 64


def canonical(entry: AuditEntry) -> str:
    """The entry's content as one deterministic string (sorted keys, no spaces)."""
    content: dict[str, Any] = {
        "id": entry.id,
        "sequence": entry.sequence,
        "occurred_at": entry.occurred_at.isoformat(timespec="microseconds"),
        "user_id": entry.user_id,
        "username": entry.username,
        "roles": entry.roles,
        "workspace_id": entry.workspace_id,
        "action": entry.action,
        "resource": entry.resource,
        "outcome": str(entry.outcome),
        "peer_ip": entry.peer_ip,
        "user_agent": entry.user_agent,
        "request_id": entry.request_id,
        "request": entry.request,
        "status_code": entry.status_code,
        "error_message": entry.error_message,
        "duration_ms": entry.duration_ms,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(entry: AuditEntry, prev_hash: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical(entry)}".encode()).hexdigest()


def seal(entries: list[AuditEntry], last_sequence: int, last_hash: str) -> tuple[int, str]:
    """Number and hash `entries` after (last_sequence, last_hash); returns the new head."""
    for entry in entries:
        last_sequence += 1
        entry.sequence, entry.prev_hash = last_sequence, last_hash
        entry.hash = last_hash = digest(entry, entry.prev_hash)
    return last_sequence, last_hash


class ChainVerifier:
    """Walks entries in sequence order and names the first one that is wrong.

    An entry whose hash does not match its content was altered; an entry whose
    `prev_hash` is not its predecessor's hash, or a gap in the sequence, means
    entries were removed. A chain may start after a purge: then its first
    `prev_hash` must be the anchor that the purge recorded.
    """

    def __init__(
        self, anchors: dict[int, str] | None = None, head: tuple[int, str] = (0, GENESIS)
    ) -> None:
        """`head`: the chain's head read before the walk; the walk must reach it, so that
        removing the newest entries is found too."""
        self._anchors = anchors or {}
        self._head = head
        self.checked = 0
        self._last: AuditEntry | None = None
        self.problem: tuple[AuditEntry | None, str] | None = None

    def finish(self) -> bool:
        """After the last entry: False when the walk stopped short of the head."""
        if self.problem is not None:
            return False
        sequence = self._head[0]
        seen = (self._last.sequence or 0) if self._last is not None else 0
        if seen < sequence:
            self.problem = (None, f"entries after {seen} up to {sequence} were removed")
        return self.problem is None

    def feed(self, entry: AuditEntry) -> bool:
        """False once a problem is found (the rest need not be read)."""
        if self.problem is not None:
            return False
        self.checked += 1
        assert entry.sequence is not None and entry.prev_hash is not None
        if self._last is None:
            expected = GENESIS if entry.sequence == 1 else self._anchors.get(entry.sequence - 1)
            if entry.prev_hash != expected:
                self.problem = (entry, f"entries before sequence {entry.sequence} were removed")
        elif entry.sequence != (self._last.sequence or 0) + 1 or entry.prev_hash != self._last.hash:
            self.problem = (
                entry,
                f"entries between {self._last.sequence} and {entry.sequence} "
                "were removed or reordered",
            )
        if self.problem is None and entry.hash != digest(entry, entry.prev_hash):
            self.problem = (entry, f"entry {entry.sequence} was altered")
        at_head = entry.sequence == self._head[0] != 0
        if self.problem is None and at_head and entry.hash != self._head[1]:
            self.problem = (entry, f"entry {entry.sequence} is not the one the head records")
        self._last = entry
        return self.problem is None
