"""ContentService's item RPCs: protobuf in, use case, protobuf out — nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc

from domain.content import item_reads, items, stats
from domain.content.listing import content_filter
from domain.content.values import ContentSort
from entrypoints.grpc.content.messages import (
    ORIGINS,
    SORTS,
    TYPES,
    VISIBILITIES,
    from_proto,
    item_pb,
    optional,
    stats_pb,
)
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import changes_from, from_struct
from strata.v1 import content_pb2 as pb

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class ItemUseCases:
    create_content: items.CreateContent
    get_content: item_reads.GetContent
    update_content: items.UpdateContent
    delete_content: items.DeleteContent
    list_content: item_reads.ListContent
    get_content_stats: stats.GetContentStats


class ItemRpcs:
    """Mixed into ContentServicer, which gives it `_items`."""

    _items: ItemUseCases

    async def CreateContent(self, r: pb.CreateContentRequest, _: Ctx) -> pb.CreateContentResponse:
        cmd = items.NewContent(
            r.workspace_id,
            r.title,
            from_proto(TYPES, r.content_type, "content_type"),
            r.content_data,
            from_struct(r.metadata),
            tuple(r.tags),
            optional(r, "quality_score"),
            from_proto(VISIBILITIES, r.visibility, "visibility"),
            from_proto(ORIGINS, r.origin, "origin"),
            r.request_id,
        )
        item = await self._items.create_content.execute(current_principal(), cmd)
        return pb.CreateContentResponse(item=item_pb(item))

    async def GetContent(self, r: pb.GetContentRequest, _: Ctx) -> pb.GetContentResponse:
        item = await self._items.get_content.execute(current_principal(), r.workspace_id, r.id)
        return pb.GetContentResponse(item=item_pb(item))

    async def UpdateContent(self, r: pb.UpdateContentRequest, _: Ctx) -> pb.UpdateContentResponse:
        given = r.item
        special = {
            "content_type": from_proto(TYPES, given.content_type, "item.content_type"),
            "visibility": from_proto(VISIBILITIES, given.visibility, "item.visibility"),
            "quality_score": optional(given, "quality_score"),
            "tags": list(given.tags),
        }
        changes = changes_from(given, r.update_mask, special)
        item = await self._items.update_content.execute(
            current_principal(), given.workspace_id, given.id, changes, given.etag
        )
        return pb.UpdateContentResponse(item=item_pb(item))

    async def DeleteContent(self, r: pb.DeleteContentRequest, _: Ctx) -> pb.DeleteContentResponse:
        await self._items.delete_content.execute(current_principal(), r.workspace_id, r.id, r.etag)
        return pb.DeleteContentResponse()

    async def ListContent(self, r: pb.ListContentRequest, _: Ctx) -> pb.ListContentResponse:
        filt = content_filter(
            r.workspace_id,
            creator_id=r.creator_id,
            content_type=from_proto(TYPES, r.content_type, "content_type"),
            origin=from_proto(ORIGINS, r.origin, "origin"),
            tags_any=tuple(r.tags_any),
            tags_all=tuple(r.tags_all),
            metadata_contains=from_struct(r.metadata_contains),
            metadata_has_key=r.metadata_has_key,
            visibility=from_proto(VISIBILITIES, r.visibility, "visibility"),
            min_quality=optional(r, "min_quality"),
            query=r.query,
        )
        sort = from_proto(SORTS, r.sort, "sort") or ContentSort.NEWEST
        page = await self._items.list_content.execute(
            current_principal(), filt, sort, r.page_size, r.page_token, r.skip, r.include_total
        )
        return pb.ListContentResponse(
            items=[item_pb(i) for i in page.items],
            next_page_token=page.next_token,
            total_size=page.total_size or 0,
            total_size_is_estimate=page.total_is_estimate,
        )

    async def GetContentStats(
        self, r: pb.GetContentStatsRequest, _: Ctx
    ) -> pb.GetContentStatsResponse:
        found = await self._items.get_content_stats.execute(
            current_principal(), r.workspace_id, r.top_tags
        )
        return stats_pb(found)
