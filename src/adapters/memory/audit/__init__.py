"""The audit trail in memory: the hash-chained log and its checkpoints."""

from __future__ import annotations

from adapters.memory.audit.entries import InMemoryAuditEntries
from adapters.memory.audit.log import InMemoryAuditLog
from adapters.memory.store import InMemoryStore, MemoryRepositories


def audit_log(store: InMemoryStore) -> InMemoryAuditLog:
    """The store's one audit chain, which units of work append to on commit."""
    return store.shared("audit_log", InMemoryAuditLog)


def _repositories(store: InMemoryStore) -> dict[str, object]:
    return {"audit": InMemoryAuditEntries(audit_log(store))}


MEMORY = MemoryRepositories((), _repositories)
