"""Content items stored for the digest contract suites, to place in digests and rate."""

from __future__ import annotations

from typing import Any

from domain.content.model import ContentItem
from ports.uow import UnitOfWorkFactory
from tests.contract.content_kit import ContentKit


class DigestKit(ContentKit):
    """A content kit whose workspace holds four stored items to place in digests."""

    items: list[ContentItem]


async def digest_kit(make: Any, seed: Any, uow_factory: UnitOfWorkFactory) -> DigestKit:
    k = DigestKit(make)
    await seed(*k.entities())
    k.items = [k.item() for _ in range(4)]
    async with uow_factory() as uow:
        for item in k.items:
            await uow.content_items.add(item)
        await uow.commit()
    return k
