"""ContentService: one mixin of RPCs per group of use cases, composed here."""

from __future__ import annotations

from entrypoints.grpc.content.interaction_rpcs import InteractionRpcs, InteractionUseCases
from entrypoints.grpc.content.item_rpcs import ItemRpcs, ItemUseCases
from entrypoints.grpc.content.recommendation_rpcs import (
    RecommendationRpcs,
    RecommendationUseCases,
)
from strata.v1 import content_pb2_grpc


class ContentServicer(
    ItemRpcs, InteractionRpcs, RecommendationRpcs, content_pb2_grpc.ContentServiceServicer
):
    def __init__(
        self,
        items: ItemUseCases,
        interactions: InteractionUseCases,
        recommendations: RecommendationUseCases,
    ) -> None:
        self._items = items
        self._interactions = interactions
        self._recommendations = recommendations
