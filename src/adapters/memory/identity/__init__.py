"""Identity in memory: users, workspaces, memberships, API keys and standings."""

from __future__ import annotations

from adapters.memory.identity.api_keys import InMemoryApiKeyRepository
from adapters.memory.identity.members import InMemoryMembershipRepository
from adapters.memory.identity.users import InMemoryUserRepository
from adapters.memory.identity.workspaces import InMemoryWorkspaceRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories
from domain.identity.standings import WorkspaceStandings


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    workspaces, members = InMemoryWorkspaceRepository(t), InMemoryMembershipRepository(t)
    return {
        "users": InMemoryUserRepository(t),
        "api_keys": InMemoryApiKeyRepository(t),
        "workspaces": workspaces,
        "members": members,
        "standings": WorkspaceStandings(workspaces, members),
    }


MEMORY = MemoryRepositories(("users", "workspaces", "members", "api_keys"), _repositories)
