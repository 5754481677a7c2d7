"""The content context on gRPC: its servicer (one mixin per group) and conversions."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.content.digest_rpcs import DigestServicer, DigestUseCases
from entrypoints.grpc.content.interaction_rpcs import InteractionUseCases
from entrypoints.grpc.content.item_rpcs import ItemUseCases
from entrypoints.grpc.content.recommendation_rpcs import RecommendationUseCases
from entrypoints.grpc.content.servicer import ContentServicer
from entrypoints.grpc.service import GrpcService, use_cases
from strata.v1 import content_pb2, content_pb2_grpc, digests_pb2, digests_pb2_grpc


def _servicer(c: Any) -> ContentServicer:
    return ContentServicer(
        items=use_cases(ItemUseCases, c),
        interactions=use_cases(InteractionUseCases, c),
        recommendations=use_cases(RecommendationUseCases, c),
    )


SERVICE = GrpcService(
    content_pb2.DESCRIPTOR.services_by_name["ContentService"],
    content_pb2_grpc.add_ContentServiceServicer_to_server,
    _servicer,
)


def _digest_servicer(c: Any) -> DigestServicer:
    return DigestServicer(digests=use_cases(DigestUseCases, c))


DIGEST_SERVICE = GrpcService(
    digests_pb2.DESCRIPTOR.services_by_name["DigestService"],
    digests_pb2_grpc.add_DigestServiceServicer_to_server,
    _digest_servicer,
)
