"""The knowledge context on gRPC: its servicer and message conversion."""

from __future__ import annotations

from typing import Any

from entrypoints.grpc.knowledge.servicer import KnowledgeServicer, KnowledgeUseCases
from entrypoints.grpc.service import GrpcService, use_cases
from strata.v1 import knowledge_pb2, knowledge_pb2_grpc


def _servicer(c: Any) -> KnowledgeServicer:
    return KnowledgeServicer(use_cases(KnowledgeUseCases, c))


SERVICE = GrpcService(
    knowledge_pb2.DESCRIPTOR.services_by_name["KnowledgeService"],
    knowledge_pb2_grpc.add_KnowledgeServiceServicer_to_server,
    _servicer,
)
