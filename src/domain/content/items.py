"""Use cases that change content items: create, update, delete."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.content.deps import ContentDeps, must_get, writable_item, writer
from domain.content.item_changes import apply_item_changes
from domain.content.model import ContentItem
from domain.content.values import (
    MAX_TITLE,
    ContentType,
    Origin,
    Visibility,
    check_data,
    check_quality,
    check_tags,
)
from domain.kernel.idempotency import Idempotency
from domain.kernel.masks import check_text
from domain.kernel.principal import Principal


@dataclass(frozen=True, slots=True)
class NewContent:
    workspace_id: str
    title: str
    content_type: ContentType | None = None
    content_data: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    quality_score: float | None = None
    visibility: Visibility | None = None
    origin: Origin | None = None
    request_id: str = ""


class CreateContent:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, cmd: NewContent) -> ContentItem:
        d, ws = self._d, cmd.workspace_id
        title = check_text(cmd.title, "title", MAX_TITLE, required=True)
        data = check_data(cmd.content_data, "content_data")
        tags = check_tags(cmd.tags, "tags")
        quality = check_quality(cmd.quality_score, "quality_score")
        async with d.uow() as uow:
            actor = await writer(uow, principal, ws, "creating content")
            scope = f"{principal.user_id}:CreateContent:{ws}"
            idem = Idempotency(uow, scope, cmd.request_id, _fingerprint(cmd))
            if (existing := await idem.replayed_id(d.clock)) is not None:
                return await must_get(uow, ws, existing)
            now = d.clock.now()
            item = ContentItem(d.ids.new_id(), ws, actor.user_id, title, now, now)
            item.origin = cmd.origin or Origin.USER
            item.content_type = cmd.content_type or ContentType.TEXT
            item.visibility = cmd.visibility or Visibility.PRIVATE
            item.content_data, item.tags, item.quality_score = data, tags, quality
            item.metadata = dict(cmd.metadata)
            await uow.content_items.add(item)
            await idem.remember(item.id, d.clock)
            await uow.commit()
        return item


def _fingerprint(cmd: NewContent) -> dict[str, object]:
    return {k: getattr(cmd, k) for k in NewContent.__dataclass_fields__ if k != "request_id"}


class UpdateContent:
    """`changes` maps update_mask paths to new values; see item_changes."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        item_id: str,
        changes: dict[str, Any],
        etag: str = "",
    ) -> ContentItem:
        async with self._d.uow() as uow:
            item = await writable_item(
                uow, principal, workspace_id, item_id, "changing content", "item.id"
            )
            item.check_etag(etag)
            version = item.version
            apply_item_changes(item, changes)
            item.touch(self._d.clock.now())
            await uow.content_items.update(item, version)
            await uow.commit()
        return item


class DeleteContent:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, item_id: str, etag: str = ""
    ) -> None:
        async with self._d.uow() as uow:
            item = await writable_item(uow, principal, workspace_id, item_id, "deleting content")
            item.check_etag(etag)
            await uow.content_items.delete(workspace_id, item_id)
            await uow.commit()
