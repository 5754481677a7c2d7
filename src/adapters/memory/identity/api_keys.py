"""API keys in memory, found by hash, listed newest first."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime
from typing import Any

from adapters.memory.identity.rows import Tables, after_key, require
from domain.identity.api_key import ApiKey
from domain.identity.user import User
from domain.kernel.errors import AlreadyExists


class InMemoryApiKeyRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t = tables["api_keys"]

    async def add(self, key: ApiKey) -> None:
        require(self._tables, "users", key.user_id, "user")
        if key.workspace_id is not None:
            require(self._tables, "workspaces", key.workspace_id, "workspace")
        if any(k.public_id == key.public_id for k in self._t.values()):
            raise AlreadyExists("an API key with this public id already exists", field="public_id")
        if any(k.key_hash == key.key_hash for k in self._t.values()):
            raise AlreadyExists("an API key with this hash already exists", field="key_hash")
        self._t[key.id] = copy.copy(key)

    async def get(self, key_id: str) -> ApiKey | None:
        key = self._t.get(key_id)
        return copy.copy(key) if key else None

    async def get_by_public_id(self, public_id: str) -> ApiKey | None:
        found = next((k for k in self._t.values() if k.public_id == public_id), None)
        return copy.copy(found) if found else None

    async def get_with_user(self, public_id: str) -> tuple[ApiKey, User] | None:
        key = await self.get_by_public_id(public_id)
        user = self._tables["users"].get(key.user_id) if key else None
        return (key, copy.deepcopy(user)) if key and user else None

    async def save(self, key: ApiKey) -> None:
        if key.id in self._t:
            self._t[key.id] = copy.copy(key)

    async def touch(self, key_id: str, when: datetime) -> None:
        if key_id in self._t:
            self._t[key_id] = replace(self._t[key_id], last_used_at=when)

    async def revoke_all_for_user(self, user_id: str, when: datetime) -> None:
        for key_id, key in list(self._t.items()):
            if key.user_id == user_id and key.revoked_at is None:
                self._t[key_id] = replace(key, revoked_at=when)

    async def list(
        self,
        user_id: str | None,
        workspace_id: str | None,
        include_revoked: bool,
        now: datetime,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[ApiKey]:
        rows = [
            k
            for k in self._t.values()
            if (user_id is None or k.user_id == user_id)
            and (workspace_id is None or k.workspace_id == workspace_id)
            and (include_revoked or k.is_active(now))
        ]
        return [copy.copy(k) for k in after_key(rows, lambda k: k.id, after, desc=True)[:limit]]
