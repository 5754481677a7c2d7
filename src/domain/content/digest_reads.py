"""Reading digests: one with its items, or a page of a user's digests, newest day first."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.content.deps import ContentDeps, reader
from domain.content.digest_access import member_for, must_get_digest
from domain.content.digest_model import Digest, DigestStatus
from domain.content.digests import DigestWithItems
from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.content.digests import DigestFilter, DigestKey


class GetDigest:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, digest_id: str
    ) -> DigestWithItems:
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            digest = await must_get_digest(uow, workspace_id, digest_id)
            return DigestWithItems(
                digest, await uow.digest_items.of_digest(workspace_id, digest.id)
            )


class ListDigests:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        user_id: str,
        status: DigestStatus | None,
        page_size: int,
        page_token: str,
    ) -> Page[Digest]:
        user = user_id or principal.user_id
        query = {"w": workspace_id, "u": user, "s": status}
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens)
        after = _digest_key(req.after)
        async with self._d.uow(read_only=True) as uow:
            await member_for(uow, principal, workspace_id, user, "reading digests", write=False)
            rows = await uow.digests.find(
                DigestFilter(workspace_id, user, status), after, req.size + 1
            )
        return build_page(rows, req, lambda d: (d.digest_date.isoformat(), d.id))


def _digest_key(after: tuple[Any, ...] | None) -> DigestKey | None:
    if after is None:
        return None
    try:
        day, digest_id = after
        return date.fromisoformat(day), str(digest_id)
    except (TypeError, ValueError):
        raise InvalidArgument.of("page_token", "is not a valid page token") from None
