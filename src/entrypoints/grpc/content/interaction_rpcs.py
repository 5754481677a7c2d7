"""ContentService's interaction RPCs: protobuf in, use case, protobuf out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc

from domain.content import interaction_reads, interactions
from entrypoints.grpc.content.interaction_messages import (
    INTERACTION_TYPES,
    interaction_pb,
    interaction_stats_pb,
    moment,
)
from entrypoints.grpc.content.messages import from_proto, optional
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import from_struct
from ports.content.interactions import InteractionQuery
from strata.v1 import content_pb2 as pb

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class InteractionUseCases:
    record_interactions: interactions.RecordInteractions
    list_interactions: interaction_reads.ListInteractions
    get_interaction_stats: interaction_reads.GetInteractionStats


def _new(n: int, g: pb.NewInteraction) -> interactions.NewInteraction:
    at = f"interactions[{n}]"
    return interactions.NewInteraction(
        g.content_item_id,
        from_proto(INTERACTION_TYPES, g.interaction_type, f"{at}.interaction_type"),
        g.user_id,
        optional(g, "rating"),
        optional(g, "duration_ms"),
        from_struct(g.metadata),
        moment(g, "occur_time"),
    )


class InteractionRpcs:
    """Mixed into ContentServicer, which gives it `_interactions`."""

    _interactions: InteractionUseCases

    async def RecordInteractions(
        self, r: pb.RecordInteractionsRequest, _: Ctx
    ) -> pb.RecordInteractionsResponse:
        given = [_new(n, g) for n, g in enumerate(r.interactions)]
        stored = await self._interactions.record_interactions.execute(
            current_principal(), r.workspace_id, given, r.request_id
        )
        return pb.RecordInteractionsResponse(interactions=[interaction_pb(i) for i in stored])

    async def ListInteractions(
        self, r: pb.ListInteractionsRequest, _: Ctx
    ) -> pb.ListInteractionsResponse:
        query = InteractionQuery(r.workspace_id, r.user_id or None, r.content_item_id or None)
        page = await self._interactions.list_interactions.execute(
            current_principal(), query, r.page_size, r.page_token
        )
        return pb.ListInteractionsResponse(
            interactions=[interaction_pb(i) for i in page.items], next_page_token=page.next_token
        )

    async def GetInteractionStats(
        self, r: pb.GetInteractionStatsRequest, _: Ctx
    ) -> pb.GetInteractionStatsResponse:
        stats, from_analytics = await self._interactions.get_interaction_stats.execute(
            current_principal(),
            r.workspace_id,
            moment(r, "start_time"),
            moment(r, "end_time"),
            r.metadata_key,
        )
        return interaction_stats_pb(stats, from_analytics)
