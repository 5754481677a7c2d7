"""The jobs context: agent runs and generation jobs on one queue, with fenced leases."""

from __future__ import annotations

from typing import Any

from dependency_injector import providers

from adapters.memory.jobs import MEMORY
from adapters.postgres.jobs import POSTGRES, tables
from domain.jobs import cancelling, claiming, leases, reads, rescuing, submitting
from domain.jobs.deps import JobsDeps
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.jobs import SERVICE
from entrypoints.runtime.job_rescue import rescuing as rescue_loop


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
    fail_job = providers.Singleton(leases.FailJob, deps)
    rescue_lapsed_jobs = providers.Singleton(rescuing.RescueLapsedJobs, deps)
    rescuer = providers.Resource(
        rescue_loop, rescue_lapsed_jobs, ContextContainer.config.rescue_seconds
    )


def _settings(settings: Any) -> dict[str, Any]:
    return {"rescue_seconds": settings.jobs.rescue_seconds}


JOBS = BoundedContext(
    name="jobs",
    container=JobsContainer,
    services=(SERVICE,),
    settings=_settings,
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables,),
)
