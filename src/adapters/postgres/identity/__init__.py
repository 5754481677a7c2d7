"""Identity on PostgreSQL: users, workspaces, memberships, API keys and standings."""

from __future__ import annotations

from adapters.postgres.identity.api_keys import SqlaApiKeyRepository
from adapters.postgres.identity.members import SqlaMembershipRepository
from adapters.postgres.identity.standings import SqlaStandings
from adapters.postgres.identity.users import SqlaUserRepository
from adapters.postgres.identity.workspaces import SqlaWorkspaceRepository
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
