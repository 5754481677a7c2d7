"""The audit trail on PostgreSQL: the hash-chained log and its checkpoints."""

from __future__ import annotations

from adapters.postgres.audit.chain import SqlaAuditEntries
from adapters.postgres.infra.session import Session
from adapters.postgres.uow import PostgresRepositories, State


def _repositories(session: Session, state: State) -> dict[str, object]:
    return {"audit": SqlaAuditEntries(session)}


POSTGRES = PostgresRepositories(_repositories)
