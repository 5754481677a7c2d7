"""Digests and their items on PostgreSQL: one digest per (workspace, user, day)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from adapters.postgres.content.tables_digests import digest_items, digests
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.content.digest_model import Digest, DigestItem, DigestStatus
from domain.kernel.errors import Aborted, AlreadyExists, NotFound
from ports.content.digests import DigestFilter, DigestKey

_d, _i = digests.c, digest_items.c
_FIELDS = [c.name for c in digests.c]
_MUTABLE = ("status", "delivered_at", "failure_reason", "version")
_DAY = (_d.workspace_id, _d.user_id, _d.digest_date)
_ITEM_FIELDS = [c.name for c in digest_items.c]
_COUNT = sa.select(sa.func.count()).where(_i.digest_id == _d.id).scalar_subquery()
_READ = sa.select(digests, _COUNT.label("item_count"))


def _digest(row: Mapping[str, Any]) -> Digest:
    values = {f: row[f] for f in _FIELDS}
    values["status"] = DigestStatus(row["status"])
    values["id"], values["workspace_id"], values["user_id"] = (
        str(row["id"]),
        str(row["workspace_id"]),
        str(row["user_id"]),
    )
    return Digest(**values, item_count=row["item_count"])


def _item(row: Mapping[str, Any]) -> DigestItem:
    values = {f: row[f] for f in _ITEM_FIELDS}
    for key in ("id", "workspace_id", "digest_id", "content_item_id"):
        values[key] = str(values[key])
    return DigestItem(**values)


def _where(workspace_id: str, digest_id: str) -> sa.ColumnElement[bool]:
    return sa.and_(_d.id == uuid_or_none(digest_id), _d.workspace_id == uuid_or_none(workspace_id))


class SqlaDigestRepository(Repository):
    async def add(self, digest: Digest) -> str:
        values = {f: getattr(digest, f) for f in _FIELDS}
        stmt = insert(digests).values(values).on_conflict_do_nothing(index_elements=list(_DAY))
        for _ in range(3):  # the holder may be deleted between the two statements
            if await self.all(stmt.returning(_d.id)):
                return digest.id
            holder = sa.select(_d.id).where(
                _d.workspace_id == digest.workspace_id,
                _d.user_id == digest.user_id,
                _d.digest_date == digest.digest_date,
            )
            if (found := await self.scalar(holder)) is not None:
                return str(found)
        raise NotFound("the digest of this day could not be read; try again")

    async def get(self, workspace_id: str, digest_id: str, *, lock: bool = False) -> Digest | None:
        if uuid_or_none(workspace_id) is None or uuid_or_none(digest_id) is None:
            return None
        stmt = _READ.where(_where(workspace_id, digest_id))
        row = await self.first(stmt.with_for_update() if lock else stmt)
        return _digest(row) if row else None

    async def update(self, digest: Digest, expected_version: int) -> None:
        stmt = (
            digests.update()
            .where(_where(digest.workspace_id, digest.id), _d.version == expected_version)
            .values({f: getattr(digest, f) for f in _MUTABLE})
            .returning(_d.updated_at)
        )
        row = await self.first(stmt)
        if row is None:
            raise Aborted("the digest changed concurrently; read it again")
        digest.updated_at = row["updated_at"]

    async def find(self, filt: DigestFilter, after: DigestKey | None, limit: int) -> list[Digest]:
        ws, user = uuid_or_none(filt.workspace_id), uuid_or_none(filt.user_id)
        if ws is None or user is None:
            return []
        stmt = _READ.where(_d.workspace_id == ws, _d.user_id == user)
        if filt.status is not None:
            stmt = stmt.where(_d.status == filt.status.value)
        if after is not None:
            last = sa.bindparam(None, uuid_or_none(after[1]), type_=_d.id.type)
            stmt = stmt.where(sa.tuple_(_d.digest_date, _d.id) < sa.tuple_(after[0], last))
        stmt = stmt.order_by(_d.digest_date.desc(), _d.id.desc()).limit(limit)
        return [_digest(r) for r in await self.all(stmt)]


class SqlaDigestItemRepository(Repository):
    async def add(self, items: list[DigestItem]) -> None:
        try:
            await self.execute(
                digest_items.insert(), *({f: getattr(i, f) for f in _ITEM_FIELDS} for i in items)
            )
        except AlreadyExists as exc:
            raise AlreadyExists(
                "the digest already holds this rank or content item", field="items"
            ) from exc

    async def of_digest(self, workspace_id: str, digest_id: str) -> list[DigestItem]:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(digest_id)
        if ws is None or key is None:
            return []
        stmt = (
            sa.select(digest_items)
            .where(_i.digest_id == key, _i.workspace_id == ws)
            .order_by(_i.rank)
        )
        return [_item(r) for r in await self.all(stmt)]

    async def get(self, workspace_id: str, item_id: str) -> DigestItem | None:
        ws, key = uuid_or_none(workspace_id), uuid_or_none(item_id)
        if ws is None or key is None:
            return None
        row = await self.first(sa.select(digest_items).where(_i.id == key, _i.workspace_id == ws))
        return _item(row) if row else None
