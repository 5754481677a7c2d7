"""Digests and their items in memory: one digest per (workspace, user, day)."""

from __future__ import annotations

import copy
from dataclasses import replace
from typing import Any

from domain.content.digest_model import Digest, DigestItem
from domain.kernel.errors import Aborted, AlreadyExists, NotFound
from ports.content.digests import DigestFilter, DigestKey

Tables = dict[str, dict[Any, Any]]


def _cascade(tables: Tables) -> dict[str, DigestItem]:
    """The digest items, without those whose content item is gone (PostgreSQL's ON DELETE
    CASCADE, applied when they are next read)."""
    items: dict[str, DigestItem] = tables["digest_items"]
    for gone in [k for k, i in items.items() if i.content_item_id not in tables["content_items"]]:
        del items[gone]
    return items


class InMemoryDigestRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Digest] = tables["digests"]

    def _in(self, workspace_id: str, digest_id: str) -> Digest | None:
        digest = self._t.get(digest_id)
        return digest if digest is not None and digest.workspace_id == workspace_id else None

    async def add(self, digest: Digest) -> str:
        for table, key in (("workspaces", digest.workspace_id), ("users", digest.user_id)):
            if key not in self._tables[table]:
                raise NotFound(f"the referenced {table[:-1]} was not found")
        for stored in self._t.values():
            day = (stored.workspace_id, stored.user_id, stored.digest_date)
            if day == (digest.workspace_id, digest.user_id, digest.digest_date):
                return stored.id
        if digest.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        self._t[digest.id] = copy.deepcopy(digest)
        return digest.id

    def _read(self, digest: Digest) -> Digest:
        """A copy, with the items it holds counted (they go with their content items)."""
        held = sum(1 for i in _cascade(self._tables).values() if i.digest_id == digest.id)
        return replace(digest, item_count=held)

    async def get(self, workspace_id: str, digest_id: str, *, lock: bool = False) -> Digest | None:
        digest = self._in(workspace_id, digest_id)
        return self._read(digest) if digest else None

    async def update(self, digest: Digest, expected_version: int) -> None:
        stored = self._in(digest.workspace_id, digest.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the digest changed concurrently; read it again")
        self._t[digest.id] = copy.deepcopy(digest)

    async def find(self, filt: DigestFilter, after: DigestKey | None, limit: int) -> list[Digest]:
        rows = sorted(
            (
                d
                for d in self._t.values()
                if (d.workspace_id, d.user_id) == (filt.workspace_id, filt.user_id)
                and (filt.status is None or d.status == filt.status)
                and (after is None or (d.digest_date, d.id) < after)
            ),
            key=lambda d: (d.digest_date, d.id),
            reverse=True,
        )
        return [self._read(d) for d in rows[:limit]]


class InMemoryDigestItemRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t = _cascade(tables)

    async def add(self, items: list[DigestItem]) -> None:
        _cascade(self._tables)
        taken = {(i.digest_id, i.rank) for i in self._t.values()}
        held = {(i.digest_id, i.content_item_id) for i in self._t.values()}
        for n, item in enumerate(items):
            if (item.digest_id, item.rank) in taken:
                raise AlreadyExists(
                    f"rank {item.rank} is taken in this digest", field=f"items[{n}].rank"
                )
            if (item.digest_id, item.content_item_id) in held:
                raise AlreadyExists(
                    "the digest already holds this content item",
                    field=f"items[{n}].content_item_id",
                )
            if item.content_item_id not in self._tables["content_items"]:
                raise NotFound("the referenced content item was not found")
            taken.add((item.digest_id, item.rank))
            held.add((item.digest_id, item.content_item_id))
        self._t.update({item.id: item for item in items})

    async def of_digest(self, workspace_id: str, digest_id: str) -> list[DigestItem]:
        mine = (
            i
            for i in _cascade(self._tables).values()
            if (i.workspace_id, i.digest_id) == (workspace_id, digest_id)
        )
        return sorted(mine, key=lambda i: i.rank)

    async def get(self, workspace_id: str, item_id: str) -> DigestItem | None:
        item = _cascade(self._tables).get(item_id)
        return item if item is not None and item.workspace_id == workspace_id else None
