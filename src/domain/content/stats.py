"""GetContentStats: a workspace's items counted by type, origin and visibility."""

from __future__ import annotations

from domain.content.deps import ContentDeps, reader
from domain.content.values import DEFAULT_TOP_TAGS, MAX_TOP_TAGS
from domain.kernel.errors import InvalidArgument
from domain.kernel.principal import Principal
from ports.content import ContentStats


class GetContentStats:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, top_tags: int) -> ContentStats:
        if not 0 <= top_tags <= MAX_TOP_TAGS:
            raise InvalidArgument.of("top_tags", f"must be from 0 to {MAX_TOP_TAGS}")
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            return await uow.content_items.stats(workspace_id, top_tags or DEFAULT_TOP_TAGS)
