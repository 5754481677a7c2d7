"""Identity on PostgreSQL: users, workspaces, memberships, API keys and standings."""

from __future__ import annotations

from adapters.postgres.identity.api_keys import SqlaApiKeyRepository
from adapters.postgres.identity.members import SqlaMembershipRepository
from adapters.postgres.identity.users import SqlaUserRepository
from adapters.postgres.identity.workspaces import SqlaWorkspaceRepository
from adapters.postgres.infra.session import Session
from adapters.postgres.uow import PostgresRepositories, State
from domain.identity.standings import WorkspaceStandings


def _repositories(session: Session, state: State) -> dict[str, object]:
    workspaces, members = SqlaWorkspaceRepository(session), SqlaMembershipRepository(session)
    return {
        "users": SqlaUserRepository(session),
        "api_keys": SqlaApiKeyRepository(session),
        "workspaces": workspaces,
        "members": members,
        "standings": WorkspaceStandings(workspaces, members),
    }


POSTGRES = PostgresRepositories(_repositories)
