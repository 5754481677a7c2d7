"""The conversations context on gRPC: its servicer and message conversion."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.conversations.servicer import ConversationServicer, ConversationUseCases
from entrypoints.grpc.service import GrpcService, use_cases
from strata.v1 import conversations_pb2, conversations_pb2_grpc


def _servicer(c: Any) -> ConversationServicer:
    return ConversationServicer(use_cases(ConversationUseCases, c))


SERVICE = GrpcService(
    conversations_pb2.DESCRIPTOR.services_by_name["ConversationService"],
    conversations_pb2_grpc.add_ConversationServiceServicer_to_server,
    _servicer,
)
