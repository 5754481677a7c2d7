"""Content repositories on PostgreSQL: one module per table."""

from __future__ import annotations

from adapters.postgres.content.digest_group import digest_repositories
from adapters.postgres.content.interaction_group import interaction_repositories
from adapters.postgres.content.items import SqlaContentItemRepository
from adapters.postgres.infra.session import Session
from adapters.postgres.uow import PostgresRepositories, State


def _repositories(session: Session, state: State) -> dict[str, object]:
    return {
        "content_items": SqlaContentItemRepository(session),
        **interaction_repositories(session),
        **digest_repositories(session),
    }


POSTGRES = PostgresRepositories(_repositories)
