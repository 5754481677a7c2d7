"""What content use cases are built from, and the access rules they share."""

from __future__ import annotations

from dataclasses import dataclass

from domain.content.model import ContentItem
from domain.content.title_bm25 import DEFAULT_TITLE_RANKING, TitleRanking
from domain.kernel.access import Actor, actor_in
from domain.kernel.lookup import found, required
from domain.kernel.principal import Principal
from domain.kernel.roles import Role
from ports.content import ContentUnitOfWork
from ports.system import Clock, IdGenerator, TokenSigner
from ports.uow import UnitOfWorkFactory


@dataclass(frozen=True, slots=True)
class ContentDeps:
    uow: UnitOfWorkFactory[ContentUnitOfWork]
    clock: Clock
    ids: IdGenerator
    page_tokens: TokenSigner
    ranking: TitleRanking = DEFAULT_TITLE_RANKING
    analytics_retention_days: int = 90  # the analytics store's default retention


async def reader(uow: ContentUnitOfWork, principal: Principal, workspace_id: str) -> Actor:
    """Any member reads; NOT_FOUND for everyone else."""
    return await actor_in(uow, principal, workspace_id)


async def writer(
    uow: ContentUnitOfWork, principal: Principal, workspace_id: str, what: str
) -> Actor:
    actor = await reader(uow, principal, workspace_id)
    actor.require(Role.MEMBER, what)
    return actor


async def writable_item(
    uow: ContentUnitOfWork,
    principal: Principal,
    workspace_id: str,
    item_id: str,
    what: str,
    field: str = "id",
) -> ContentItem:
    """The item, when the caller created it or is an admin (members change their own)."""
    actor = await writer(uow, principal, workspace_id, what)
    item = await must_get(uow, workspace_id, item_id, field)
    if item.creator_id != actor.user_id:
        actor.require(Role.ADMIN, f"{what} of another member")
    return item


async def must_get(
    uow: ContentUnitOfWork, workspace_id: str, item_id: str, field: str = "id"
) -> ContentItem:
    item = await uow.content_items.get(workspace_id, required(item_id, field))
    return found(item, "content item", item_id)
