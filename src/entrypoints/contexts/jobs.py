"""The jobs context: agent runs and generation jobs on one queue, with fenced leases."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.memory.jobs import MEMORY
from adapters.memory.jobs.signals import SHARED_NAME, InProcessJobSignals
from adapters.postgres.jobs import POSTGRES, tables
from adapters.postgres.jobs.signals import JobChannel
from domain.jobs import (
    cancelling,
    claiming,
    claiming_next,
    completing,
    leases,
    purging,
    queue_depth,
    reads,
    rescuing,
    submitting,
    watching,
)
from domain.jobs.deps import JobsDeps
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.jobs import SERVICE
from entrypoints.runtime.jobs_upkeep_state import JobsUpkeepState


def _signals(store: Any) -> InProcessJobSignals:
    """In memory, the store's (appending events wakes them); on PostgreSQL, this process's,
    woken by what the listening connection hears on the jobs channel."""
    return (
        store.shared(SHARED_NAME, InProcessJobSignals)
        if store is not None
        else InProcessJobSignals()
    )


class JobsContainer(ContextContainer):
    deps = providers.Singleton(
        JobsDeps,
        uow=ContextContainer.uow,
        clock=ContextContainer.core.clock,
        ids=ContextContainer.core.ids,
        page_tokens=ContextContainer.core.page_tokens,
    )
    submit_job = providers.Singleton(submitting.SubmitJob, deps)
    get_job = providers.Singleton(reads.GetJob, deps)
    list_jobs = providers.Singleton(reads.ListJobs, deps)
    cancel_job = providers.Singleton(cancelling.CancelJob, deps)
    claim_jobs = providers.Singleton(claiming.ClaimJobs, deps)
    heartbeat = providers.Singleton(leases.Heartbeat, deps)
    complete_job = providers.Singleton(leases.CompleteJob, deps)
    complete_jobs = providers.Singleton(completing.CompleteJobs, deps)
    complete_and_claim_jobs = providers.Singleton(claiming_next.CompleteAndClaimJobs, deps)
    fail_job = providers.Singleton(leases.FailJob, deps)
    signals = providers.Singleton(_signals, ContextContainer.store)
    channels = providers.List(providers.Singleton(JobChannel, signals))
    watch_job = providers.Singleton(
        watching.WatchJob, deps, signals, ContextContainer.config.watch_heartbeat_seconds
    )
    rescue_lapsed_jobs = providers.Singleton(rescuing.RescueLapsedJobs, deps)
    # The upkeep loops run under the server only (entrypoints.runtime.jobs_upkeep).
    queue_depth = providers.Singleton(queue_depth.ReadQueueDepth, deps)
    purge_finished_jobs = providers.Singleton(purging.PurgeFinishedJobs, deps)
    apply_retention = providers.Singleton(
        purging.ApplyJobRetention, deps, ContextContainer.config.retention_days
    )
    upkeep_state = providers.Singleton(
        JobsUpkeepState, retention_days=ContextContainer.config.retention_days
    )


def _settings(settings: Any) -> dict[str, Any]:
    return {
        "rescue_seconds": settings.jobs.rescue_seconds,
        "watch_heartbeat_seconds": settings.jobs.watch_heartbeat_seconds,
        "retention_days": settings.jobs.retention_days,
    }


JOBS = BoundedContext(
    name="jobs",
    container=JobsContainer,
    services=(SERVICE,),
    settings=_settings,
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables,),
)
