"""Identity on PostgreSQL: users, workspaces, memberships, API keys and standings."""

from __future__ import annotations

from adapters.postgres.identity.repositories import (
    SqlaApiKeyRepository,
    SqlaMembershipRepository,
    SqlaUserRepository,
    SqlaWorkspaceRepository,
)
from adapters.postgres.identity.standings import SqlaStandings
from adapters.postgres.infra.session import Session
from adapters.postgres.uow import PostgresRepositories, State


def _repositories(session: Session, state: State) -> dict[str, object]:
    return {
        "users": SqlaUserRepository(session),
        "workspaces": SqlaWorkspaceRepository(session),
        "members": SqlaMembershipRepository(session),
        "api_keys": SqlaApiKeyRepository(session),
        "standings": SqlaStandings(session),
    }


POSTGRES = PostgresRepositories(_repositories)
