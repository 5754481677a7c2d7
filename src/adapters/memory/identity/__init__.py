"""Identity in memory: users, workspaces, memberships, API keys and standings."""

from __future__ import annotations

from adapters.memory.identity.api_keys import InMemoryApiKeyRepository
from adapters.memory.identity.members import InMemoryMembershipRepository
from adapters.memory.identity.standings import InMemoryStandings
from adapters.memory.identity.users import InMemoryUserRepository
from adapters.memory.identity.workspaces import InMemoryWorkspaceRepository
from adapters.memory.store import InMemoryStore, MemoryRepositories


def _repositories(store: InMemoryStore) -> dict[str, object]:
    t = store.tables
    return {
        "users": InMemoryUserRepository(t),
        "workspaces": InMemoryWorkspaceRepository(t),
        "members": InMemoryMembershipRepository(t),
        "api_keys": InMemoryApiKeyRepository(t),
        "standings": InMemoryStandings(t),
    }


MEMORY = MemoryRepositories(("users", "workspaces", "members", "api_keys"), _repositories)
