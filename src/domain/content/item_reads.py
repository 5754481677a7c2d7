"""Reading content items: one by id, or a keyset or offset page of a filtered list."""

from __future__ import annotations

from domain.content.deps import ContentDeps, must_get, reader
from domain.content.listing import check_sort, page_key, sort_key
from domain.content.model import ContentItem
from domain.content.title_search import ranked_page
from domain.content.values import ContentSort
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.content import ContentFilter


class GetContent:
    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, item_id: str) -> ContentItem:
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            return await must_get(uow, workspace_id, item_id)


class ListContent:
    """Keyset pages by default; with `skip`, an offset page carrying the total."""

    def __init__(self, deps: ContentDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        filt: ContentFilter,
        sort: ContentSort,
        page_size: int,
        page_token: str,
        skip: int = 0,
        include_total: bool = False,
    ) -> Page[ContentItem]:
        query = {**filt.query_dict(), "sort": check_sort(sort, filt)}
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens, skip)
        after = page_key(sort, req.after)
        counted = include_total or skip > 0
        async with self._d.uow(read_only=not counted) as uow:  # a missed count is kept
            await reader(uow, principal, filt.workspace_id)
            ranks: dict[str, float] = {}
            corpus = None
            if sort == ContentSort.RELEVANCE:
                ranked, corpus = await ranked_page(
                    uow, filt, self._d.ranking, req.after, after, req.size + 1, req.skip
                )
                rows, ranks = [i for i, _ in ranked], {i.id: r for i, r in ranked}
            else:
                rows = await uow.content_items.find(filt, sort, after, req.size + 1, req.skip)
            total = await uow.content_items.count(filt) if counted else None
            if counted:
                await uow.commit()
        return build_page(
            rows,
            req,
            lambda item: sort_key(sort, item, ranks.get(item.id, 0.0), corpus),
            total.count if total else None,
            total.estimate if total else False,
        )
