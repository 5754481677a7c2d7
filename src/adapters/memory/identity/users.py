"""Users in memory: unique emails, usernames and OAuth subjects."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import datetime
from typing import Any

from adapters.memory.identity.rows import Tables, after_key
from domain.identity.user import User
from domain.kernel.errors import Aborted, AlreadyExists
from ports.identity import UserFilter


class InMemoryUserRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables["users"]

    def _check_unique(self, user: User) -> None:
        for other in self._t.values():
            if other.id == user.id:
                continue
            if other.email.lower() == user.email.lower():
                raise AlreadyExists(f"a user with email {user.email} already exists", field="email")
            if user.username and (other.username or "").lower() == user.username.lower():
                raise AlreadyExists(f"username {user.username} is taken", field="username")
            oauth = (user.oauth_provider, user.oauth_subject)
            if None not in oauth and (other.oauth_provider, other.oauth_subject) == oauth:
                raise AlreadyExists(
                    "a user with this OAuth identity already exists", field="oauth_subject"
                )

    async def add(self, user: User) -> None:
        self._check_unique(user)
        self._t[user.id] = copy.deepcopy(user)

    async def get(self, user_id: str) -> User | None:
        user = self._t.get(user_id)
        return copy.deepcopy(user) if user else None

    async def get_by_email(self, email: str) -> User | None:
        found = next((u for u in self._t.values() if u.email.lower() == email.lower()), None)
        return copy.deepcopy(found) if found else None

    async def get_by_oauth(self, provider: str, subject: str) -> User | None:
        wanted = (provider, subject)
        found = next(
            (u for u in self._t.values() if (u.oauth_provider, u.oauth_subject) == wanted), None
        )
        return copy.deepcopy(found) if found else None

    async def update(self, user: User, expected_version: int) -> None:
        stored = self._t.get(user.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the user changed concurrently; read it again")
        self._check_unique(user)
        self._t[user.id] = copy.deepcopy(user)

    async def set_last_login(self, user_id: str, when: datetime) -> None:
        if user_id in self._t:
            self._t[user_id] = replace(self._t[user_id], last_login_at=when)

    def _filtered(self, filt: UserFilter) -> list[User]:
        return [
            u
            for u in self._t.values()
            if (filt.is_active is None or u.is_active == filt.is_active)
            and u.email.startswith(filt.email_prefix)
        ]

    async def list(
        self, filt: UserFilter, after: tuple[Any, ...] | None, limit: int, offset: int = 0
    ) -> list[User]:
        rows = after_key(self._filtered(filt), lambda u: u.id, after, desc=True)
        return [copy.deepcopy(u) for u in rows[offset : offset + limit]]

    async def count(self, filt: UserFilter) -> int:
        return len(self._filtered(filt))
