"""Users on PostgreSQL: one statement per call, no commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from adapters.postgres.identity.rows import USER_FIELDS, like_prefix, user_of
from adapters.postgres.identity.tables import users
from adapters.postgres.infra.repository import Repository, after_key, uuid_or_none
from adapters.postgres.infra.statements import Constant
from domain.identity.user import User
from domain.kernel.errors import Aborted
from ports.identity import UserFilter

_USER_MUTABLE = [f for f in USER_FIELDS if f not in ("id", "created_at", "updated_at")]
_GET_USER = Constant(sa.select(users).where(users.c.id == sa.bindparam("id")))


class SqlaUserRepository(Repository):
    async def add(self, user: User) -> None:
        await self.execute(users.insert().values({f: getattr(user, f) for f in USER_FIELDS}))

    async def get(self, user_id: str) -> User | None:
        key = uuid_or_none(user_id)
        row = await self.first(_GET_USER, id=key) if key else None
        return user_of(row) if row else None

    async def get_by_email(self, email: str) -> User | None:
        stmt = sa.select(users).where(sa.func.lower(users.c.email) == email.lower())
        row = await self.first(stmt)
        return user_of(row) if row else None

    async def get_by_oauth(self, provider: str, subject: str) -> User | None:
        stmt = sa.select(users).where(
            users.c.oauth_provider == provider, users.c.oauth_subject == subject
        )
        row = await self.first(stmt)
        return user_of(row) if row else None

    async def update(self, user: User, expected_version: int) -> None:
        self._s.caches_changed()
        values = {f: getattr(user, f) for f in _USER_MUTABLE}
        stmt = (
            users.update()
            .where(users.c.id == uuid_or_none(user.id), users.c.version == expected_version)
            .values(values)
            .returning(users.c.updated_at)
        )
        row = await self.first(stmt)
        if row is None:
            raise Aborted("the user changed concurrently; read it again")
        user.updated_at = row["updated_at"]

    async def set_last_login(self, user_id: str, when: datetime) -> None:
        stmt = users.update().where(users.c.id == uuid_or_none(user_id)).values(last_login_at=when)
        await self.execute(stmt)

    @staticmethod
    def _where(filt: UserFilter) -> list[sa.ColumnElement[bool]]:
        clauses = []
        if filt.is_active is not None:
            clauses.append(users.c.is_active == filt.is_active)
        if filt.email_prefix:
            clauses.append(users.c.email.like(like_prefix(filt.email_prefix), escape="\\"))
        return clauses

    async def list(
        self, filt: UserFilter, after: tuple[Any, ...] | None, limit: int, offset: int = 0
    ) -> list[User]:
        stmt = sa.select(users).where(*self._where(filt))
        if (key := after_key(after)) is not None:
            stmt = stmt.where(users.c.id < key)
        stmt = stmt.order_by(users.c.id.desc()).limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        return [user_of(row) for row in await self.all(stmt)]

    async def count(self, filt: UserFilter) -> int:
        stmt = sa.select(sa.func.count()).select_from(users).where(*self._where(filt))
        return int(await self.scalar(stmt))
