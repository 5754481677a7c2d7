"""API keys on PostgreSQL; a key with its user is the lookup every authenticated call makes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from adapters.postgres.identity.rows import KEY_FIELDS, USER_FIELDS, key_of, user_of
from adapters.postgres.identity.tables import api_keys, users
from adapters.postgres.infra.repository import Repository, after_key, uuid_or_none
from adapters.postgres.infra.statements import Constant
from domain.identity.api_key import ApiKey
from domain.identity.user import User

_USER_LABELS = [users.c[name].label(f"u_{name}") for name in USER_FIELDS]
_GET_KEY = Constant(sa.select(api_keys).where(api_keys.c.id == sa.bindparam("id")))
_GET_WITH_USER = Constant(
    sa.select(*(api_keys.c[name] for name in KEY_FIELDS), *_USER_LABELS)
    .join_from(api_keys, users, users.c.id == api_keys.c.user_id)
    .where(api_keys.c.public_id == sa.bindparam("public_id"))
)
_TOUCH = (
    api_keys.update()
    .where(api_keys.c.id == sa.bindparam("key_id"))
    .values(last_used_at=sa.bindparam("when"))
)


class SqlaApiKeyRepository(Repository):
    async def add(self, key: ApiKey) -> None:
        await self.execute(api_keys.insert().values({f: getattr(key, f) for f in KEY_FIELDS}))

    async def get(self, key_id: str) -> ApiKey | None:
        key = uuid_or_none(key_id)
        row = await self.first(_GET_KEY, id=key) if key else None
        return key_of(row) if row else None

    async def get_by_public_id(self, public_id: str) -> ApiKey | None:
        row = await self.first(sa.select(api_keys).where(api_keys.c.public_id == public_id))
        return key_of(row) if row else None

    async def get_with_user(self, public_id: str) -> tuple[ApiKey, User] | None:
        row = await self.first(_GET_WITH_USER, public_id=public_id)
        return (key_of(row), user_of(row, "u_")) if row else None

    async def save(self, key: ApiKey) -> None:
        self._s.caches_changed()
        values = {f: getattr(key, f) for f in KEY_FIELDS if f != "id"}
        await self.execute(
            api_keys.update().where(api_keys.c.id == uuid_or_none(key.id)).values(values)
        )

    async def touch(self, key_id: str, when: datetime) -> None:
        await self.execute(_TOUCH, {"key_id": uuid_or_none(key_id), "when": when})

    async def revoke_all_for_user(self, user_id: str, when: datetime) -> None:
        self._s.caches_changed()
        stmt = (
            api_keys.update()
            .where(api_keys.c.user_id == uuid_or_none(user_id), api_keys.c.revoked_at.is_(None))
            .values(revoked_at=when)
        )
        await self.execute(stmt)

    async def list(
        self,
        user_id: str | None,
        workspace_id: str | None,
        include_revoked: bool,
        now: datetime,
        after: tuple[Any, ...] | None,
        limit: int,
    ) -> list[ApiKey]:
        stmt = sa.select(api_keys)
        if user_id is not None:
            stmt = stmt.where(api_keys.c.user_id == uuid_or_none(user_id))
        if workspace_id is not None:
            stmt = stmt.where(api_keys.c.workspace_id == uuid_or_none(workspace_id))
        if not include_revoked:
            stmt = stmt.where(
                api_keys.c.revoked_at.is_(None),
                sa.or_(api_keys.c.expires_at.is_(None), api_keys.c.expires_at > now),
            )
        if (key := after_key(after)) is not None:
            stmt = stmt.where(api_keys.c.id < key)
        stmt = stmt.order_by(api_keys.c.id.desc()).limit(limit)
        return [key_of(row) for row in await self.all(stmt)]
