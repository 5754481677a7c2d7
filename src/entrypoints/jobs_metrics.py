"""Prometheus figures of the jobs' upkeep, read from its state at each scrape."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from entrypoints.runtime.jobs_upkeep_state import JobsUpkeepState


class JobsCollector(Collector):
    """Totals since the process started; the depth as the last rescue round read it."""

    def __init__(self, state: JobsUpkeepState) -> None:
        self._state = state

    def collect(self) -> Iterator[Metric]:
        s = self._state
        yield CounterMetricFamily(
            "strata_jobs_rescued", "Jobs whose lapsed lease the rescuer ended", s.rescued_total
        )
        yield CounterMetricFamily(
            "strata_jobs_purged", "Finished jobs purged past the retention", s.purged_total
        )
        yield CounterMetricFamily("strata_jobs_rescue_rounds", "Rescue rounds run", s.rounds)
        if s.depth is None:
            return
        yield GaugeMetricFamily(
            "strata_jobs_pending_ready", "Pending jobs due to run now", s.depth.ready
        )
        yield GaugeMetricFamily(
            "strata_jobs_running", "Jobs running under a lease", s.depth.running
        )
        yield GaugeMetricFamily(
            "strata_jobs_oldest_ready_age_seconds",
            "How long the oldest due pending job has waited",
            s.oldest_ready_age_seconds,
        )
