"""Use cases that write digests: create one a day per user, add its items, mark delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.content.deps import ContentDeps, must_get
from domain.content.digest_access import member_for, must_get_digest, writable_digest
from domain.content.digest_model import Digest, DigestItem, DigestStatus, check_delivery
from domain.content.digest_values import NewDigestItem, check_items, parse_day
from domain.kernel.errors import AlreadyExists
from domain.kernel.principal import Principal
from ports.content import ContentUnitOfWork


@dataclass(frozen=True, slots=True)
class DigestWithItems:
    digest: Digest
    items: list[DigestItem]
    created: bool = False


class CreateDigest:
    """A user has one digest a day: creating it again returns the stored one."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, user_id: str, digest_date: str
    ) -> DigestWithItems:
        d, day = self._d, parse_day(digest_date, "digest_date")
        async with d.uow() as uow:
            user = await member_for(
                uow, principal, workspace_id, user_id, "creating digests", write=True
            )
            now = d.clock.now()
            digest = Digest(d.ids.new_id(), workspace_id, user, day, now, now)
            stored_id = await uow.digests.add(digest)
            if stored_id != digest.id:
                return await _with_items(uow, workspace_id, stored_id)
            await uow.commit()
        return DigestWithItems(digest, [], created=True)


class AddDigestItems:
    """All or none; an item repeated exactly as stored is left as it is."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        digest_id: str,
        items: tuple[NewDigestItem, ...],
    ) -> DigestWithItems:
        d, wanted = self._d, check_items(items)
        async with d.uow() as uow:
            digest = await writable_digest(
                uow, principal, workspace_id, digest_id, "adding digest items", "digest_id"
            )
            now = d.clock.now()
            stored = await uow.digest_items.of_digest(workspace_id, digest.id)
            placed = [_placement(digest, item, d.ids.new_id(), now) for item in wanted]
            new = [(n, p) for n, p in enumerate(placed) if not _already_placed(p, stored, n)]
            for n, p in new:
                await must_get(uow, workspace_id, p.content_item_id, f"items[{n}].content_item_id")
            if new:
                version = digest.version
                digest.take_items(len(new), now)
                await uow.digest_items.add([p for _, p in new])
                await uow.digests.update(digest, version)
                await uow.commit()
        every = [*stored, *(p for _, p in new)]
        return DigestWithItems(digest, sorted(every, key=lambda i: i.rank))


def _placement(digest: Digest, item: NewDigestItem, item_id: str, now: datetime) -> DigestItem:
    return DigestItem(
        id=item_id,
        workspace_id=digest.workspace_id,
        digest_id=digest.id,
        content_item_id=item.content_item_id,
        rank=item.rank,
        score=item.score,
        reason=item.reason,
        created_at=now,
    )


def _already_placed(item: DigestItem, stored: list[DigestItem], n: int) -> bool:
    """True when stored as given; AlreadyExists when its rank or content item is taken."""
    for other in stored:
        if other.same_as(item):
            return True
        if other.rank == item.rank:
            raise AlreadyExists(
                f"rank {item.rank} is taken in this digest", field=f"items[{n}].rank"
            )
        if other.content_item_id == item.content_item_id:
            raise AlreadyExists(
                "the digest already holds this content item", field=f"items[{n}].content_item_id"
            )
    return False


class MarkDelivered:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        digest_id: str,
        outcome: DigestStatus | None,
        failure_reason: str = "",
        etag: str = "",
    ) -> DigestWithItems:
        reason = check_delivery(outcome, failure_reason.strip())
        async with self._d.uow() as uow:
            digest = await writable_digest(
                uow, principal, workspace_id, digest_id, "marking delivery"
            )
            digest.check_etag(etag)
            version = digest.version
            digest.deliver(outcome or DigestStatus.SENT, reason, self._d.clock.now())
            await uow.digests.update(digest, version)
            result = await _with_items(uow, workspace_id, digest.id, digest)
            await uow.commit()
        return result


async def _with_items(
    uow: ContentUnitOfWork, workspace_id: str, digest_id: str, digest: Digest | None = None
) -> DigestWithItems:
    digest = digest or await must_get_digest(uow, workspace_id, digest_id)
    return DigestWithItems(digest, await uow.digest_items.of_digest(workspace_id, digest_id))
