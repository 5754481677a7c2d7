"""The audit context: the hash-chained trail of every call, its checkpoints and readers."""

from __future__ import annotations

from dependency_injector import providers

from adapters.memory.audit import MEMORY, audit_log
from adapters.memory.audit.checkpoints import InMemoryAuditCheckpoints
from adapters.postgres.audit import POSTGRES, checkpoint_tables, tables
from adapters.postgres.audit.checkpoints import SqlaAuditCheckpoints
from adapters.postgres.audit.log import SqlaAuditLog
from domain.audit import reading
from domain.audit.checkpointing import Checkpoint
from domain.audit.deps import AuditDeps
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.audit import SERVICE


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


AUDIT = BoundedContext(
    name="audit",
    container=AuditContainer,
    services=(SERVICE,),
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables, checkpoint_tables),
)
