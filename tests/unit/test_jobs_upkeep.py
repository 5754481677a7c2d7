"""The jobs' upkeep: rescue rounds recorded for health and metrics, failures included;
the loops start with the server, not with every container (CLI commands build one)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry, generate_latest

from domain.kernel.errors import Unavailable
from entrypoints.container import build_container, context, start, stop
from entrypoints.jobs_metrics import JobsCollector
from entrypoints.runtime.job_purge import purge_round
from entrypoints.runtime.job_rescue import rescue_round
from entrypoints.runtime.jobs_upkeep import start_jobs_upkeep
from entrypoints.runtime.jobs_upkeep_state import JobsUpkeepState
from entrypoints.settings import load_settings
from ports.jobs import QueueDepth

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return NOW

    def monotonic(self) -> float:
        return 0.0


class Rescue:
    def __init__(self, rescued: int = 0, error: Exception | None = None) -> None:
        self.rescued, self.error = rescued, error

    async def execute(self) -> int:
        if self.error is not None:
            raise self.error
        return self.rescued


class Depth:
    async def execute(self) -> QueueDepth:
        return QueueDepth(7, 2, NOW - timedelta(hours=1))


def _scrape(state: JobsUpkeepState) -> str:
    registry = CollectorRegistry()
    registry.register(JobsCollector(state))
    return generate_latest(registry).decode()


async def test_a_round_records_what_it_rescued_and_the_queue_depth() -> None:
    state = JobsUpkeepState(retention_days=30)
    await rescue_round(Rescue(3), Depth(), state, Clock())  # type: ignore[arg-type]
    await rescue_round(Rescue(2), Depth(), state, Clock())  # type: ignore[arg-type]
    report = state.report()
    assert report.healthy and report.name == "jobs"
    assert report.details["last_rescue_outcome"] == "ok"
    assert report.details["rescued_total"] == "5"
    assert report.details["last_rescue_time"] == NOW.isoformat()
    assert (report.details["pending_ready"], report.details["running"]) == ("7", "2")
    assert report.details["oldest_ready_age_seconds"] == "3600.000"
    text = _scrape(state)
    assert "strata_jobs_rescued_total 5.0" in text
    assert "strata_jobs_pending_ready 7.0" in text and "strata_jobs_running 2.0" in text
    assert "strata_jobs_oldest_ready_age_seconds 3600.0" in text


async def test_a_failed_round_makes_the_jobs_component_unhealthy_until_one_succeeds() -> None:
    state = JobsUpkeepState()
    await rescue_round(Rescue(error=Unavailable("down")), Depth(), state, Clock())  # type: ignore[arg-type]
    report = state.report()
    assert not report.healthy and report.details["last_rescue_outcome"] == "failed"
    assert "unavailable" in report.error
    await rescue_round(Rescue(error=RuntimeError("boom")), Depth(), state, Clock())  # type: ignore[arg-type]
    assert "boom" not in state.report().error  # no internals in health
    await rescue_round(Rescue(1), Depth(), state, Clock())  # type: ignore[arg-type]
    assert state.report().healthy and state.rounds == 3


async def test_before_any_round_the_report_says_so_and_has_no_depth() -> None:
    state = JobsUpkeepState()
    report = state.report()
    assert report.healthy and report.details["last_rescue_outcome"] == "not run yet"
    assert "pending_ready" not in report.details
    assert "strata_jobs_pending_ready" not in _scrape(state)


def _upkeep_tasks() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if t.get_name().startswith("jobs-")]


async def test_a_started_container_runs_no_upkeep_until_a_server_starts_it() -> None:
    container = build_container(load_settings({"STRATA_STORAGE": "memory"}), None)
    await start(container)
    try:
        assert _upkeep_tasks() == []
        jobs = context(container, "jobs")
        task = start_jobs_upkeep(jobs, container.metrics(), container.core.status_board())
        state = jobs.upkeep_state()
        async with asyncio.timeout(10):
            await state.wait_for_rounds(1)
        assert [r.name for r in container.core.status_board().reports()] == ["jobs"]
        assert state.report().details["last_rescue_outcome"] == "ok"
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    finally:
        await stop(container)


class Retention:
    def __init__(self, *results: int | Exception) -> None:
        self.results = list(results)

    async def execute(self) -> int:
        result = self.results.pop(0)
        if isinstance(result, Exception):
            raise result
        return result


async def test_purge_rounds_add_up_and_a_failed_one_counts_nothing() -> None:
    state = JobsUpkeepState(retention_days=30)
    retention = Retention(4, Unavailable("down"), 0, 6)
    assert [await purge_round(retention, state) for _ in range(4)] == [4, 0, 0, 6]  # type: ignore[arg-type]
    assert state.purged_total == 10 and state.report().details["purged_total"] == "10"
    assert "strata_jobs_purged_total 10.0" in _scrape(state)
