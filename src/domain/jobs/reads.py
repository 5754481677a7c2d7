"""Reading jobs: one by id, or a page of a workspace's jobs filtered, newest first."""

from __future__ import annotations

from domain.jobs.deps import JobsDeps, must_get, reader
from domain.jobs.model import Job
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from ports.jobs import JobFilter


class GetJob:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, workspace_id: str, job_id: str) -> Job:
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, workspace_id)
            job = await must_get(uow, workspace_id, job_id)
        principal.ensure_serves(job.kind, "id")
        return job


class ListJobs:
    def __init__(self, deps: JobsDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: JobFilter, page_size: int, page_token: str
    ) -> Page[Job]:
        query = {
            "w": filt.workspace_id,
            "s": sorted(filt.statuses),
            "k": sorted(filt.kinds),
            "t": filt.thread_id,
            "o": filt.owner_id,
        }
        principal.ensure_not_worker("listing jobs")
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, filt.workspace_id)
            rows = await uow.jobs.find(filt, req.after, req.size + 1)
        return build_page(rows, req, lambda job: (job.created_at.isoformat(), job.id))
