"""ContentService's recommendation and feed RPCs: protobuf in, use case, protobuf out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc

from domain.content import feed, recommendation_reads, recommendations
from entrypoints.grpc.content.interaction_messages import feed_item_pb, recommendation_pb
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import from_struct
from strata.v1 import content_pb2 as pb

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class RecommendationUseCases:
    upsert_recommendations: recommendations.UpsertRecommendations
    list_recommendations: recommendation_reads.ListRecommendations
    mark_served: recommendations.MarkServed
    get_feed: feed.GetFeed


class RecommendationRpcs:
    """Mixed into ContentServicer, which gives it `_recommendations`."""

    _recommendations: RecommendationUseCases

    async def UpsertRecommendations(
        self, r: pb.UpsertRecommendationsRequest, _: Ctx
    ) -> pb.UpsertRecommendationsResponse:
        given = [
            recommendations.NewRecommendation(
                g.user_id, g.content_item_id, g.score, g.algorithm_version, from_struct(g.metadata)
            )
            for g in r.recommendations
        ]
        stored = await self._recommendations.upsert_recommendations.execute(
            current_principal(), r.workspace_id, given
        )
        return pb.UpsertRecommendationsResponse(
            recommendations=[recommendation_pb(s) for s in stored]
        )

    async def ListRecommendations(
        self, r: pb.ListRecommendationsRequest, _: Ctx
    ) -> pb.ListRecommendationsResponse:
        page = await self._recommendations.list_recommendations.execute(
            current_principal(),
            r.workspace_id,
            r.user_id,
            r.unserved_only,
            r.page_size,
            r.page_token,
        )
        return pb.ListRecommendationsResponse(
            recommendations=[recommendation_pb(s) for s in page.items],
            next_page_token=page.next_token,
        )

    async def MarkServed(self, r: pb.MarkServedRequest, _: Ctx) -> pb.MarkServedResponse:
        found, marked = await self._recommendations.mark_served.execute(
            current_principal(), r.workspace_id, list(r.ids)
        )
        return pb.MarkServedResponse(
            recommendations=[recommendation_pb(s) for s in found], marked_ids=sorted(marked)
        )

    async def GetFeed(self, r: pb.GetFeedRequest, _: Ctx) -> pb.GetFeedResponse:
        page = await self._recommendations.get_feed.execute(
            current_principal(), r.workspace_id, r.user_id, r.page_size, r.page_token
        )
        return pb.GetFeedResponse(
            items=[feed_item_pb(e) for e in page.entries],
            session_id=page.session_id,
            next_page_token=page.next_token,
        )
