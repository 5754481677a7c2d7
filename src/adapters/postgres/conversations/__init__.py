"""Conversation repositories on PostgreSQL: threads and their messages."""

from __future__ import annotations

from adapters.postgres.conversations.messages import SqlaMessageRepository
from adapters.postgres.conversations.threads import SqlaThreadRepository
from adapters.postgres.infra.session import Session
from adapters.postgres.uow import PostgresRepositories, State


def _repositories(session: Session, state: State) -> dict[str, object]:
    return {"threads": SqlaThreadRepository(session), "messages": SqlaMessageRepository(session)}


POSTGRES = PostgresRepositories(_repositories)
