"""The audit context: the hash-chained trail of every call, its checkpoints and readers."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.memory.audit import MEMORY, audit_log
from adapters.memory.audit.checkpoints import InMemoryAuditCheckpoints
from adapters.postgres.audit import POSTGRES, checkpoint_tables, tables
from adapters.postgres.audit.checkpoints import SqlaAuditCheckpoints
from adapters.postgres.audit.log import SqlaAuditLog
from domain.audit import reading
from domain.audit.checkpointing import Checkpoint
from domain.audit.deps import AuditDeps
from entrypoints.contexts.registry import BoundedContext, ContextContainer, GrpcService, use_cases
from entrypoints.grpc.audit.servicer import AuditServicer, AuditUseCases
from strata.v1 import audit_pb2, audit_pb2_grpc


class AuditContainer(ContextContainer):
    log = providers.Selector(
        ContextContainer.storage_kind,
        memory=providers.Singleton(audit_log, ContextContainer.store),
        postgres=providers.Singleton(
            SqlaAuditLog, ContextContainer.engine, ContextContainer.driver_pool
        ),
    )
    checkpoints = providers.Selector(
        ContextContainer.storage_kind,
        memory=providers.Singleton(InMemoryAuditCheckpoints),
        postgres=providers.Singleton(SqlaAuditCheckpoints, ContextContainer.engine),
    )
    checkpoint = providers.Singleton(
        Checkpoint,
        log,
        checkpoints,
        ContextContainer.core.checkpoint_signer,
        ContextContainer.core.clock,
    )
    deps = providers.Singleton(
        AuditDeps,
        log=log,
        uow=ContextContainer.uow,
        clock=ContextContainer.core.clock,
        page_tokens=ContextContainer.core.page_tokens,
    )
    list_audit_entries = providers.Singleton(reading.ListAuditEntries, deps)
    get_audit_entry = providers.Singleton(reading.GetAuditEntry, deps)
    summarize_audit_actions = providers.Singleton(reading.SummarizeAuditActions, deps)
    get_audit_activity = providers.Singleton(reading.GetAuditActivity, deps)


def _servicer(c: Any) -> AuditServicer:
    return AuditServicer(use_cases(AuditUseCases, c))


AUDIT = BoundedContext(
    name="audit",
    container=AuditContainer,
    services=(
        GrpcService(
            audit_pb2.DESCRIPTOR.services_by_name["AuditService"],
            audit_pb2_grpc.add_AuditServiceServicer_to_server,
            _servicer,
        ),
    ),
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables, checkpoint_tables),
)
