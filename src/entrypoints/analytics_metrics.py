"""Prometheus figures of the analytics relay, read from its state at each scrape."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from entrypoints.runtime.analytics_relay_state import RelayState


class AnalyticsRelayCollector(Collector):
    """Totals since the process started; the backlog as the relay last read it."""

    def __init__(self, state: RelayState) -> None:
        self._state = state

    def collect(self) -> Iterator[Metric]:
        s = self._state
        yield CounterMetricFamily(
            "strata_analytics_relay_delivered",
            "Outbox rows delivered to the analytics store",
            s.delivered_total,
        )
        yield CounterMetricFamily(
            "strata_analytics_relay_failures",
            "Relay rounds that failed (the analytics store or the database unreachable)",
            s.failures_total,
        )
        if s.backlog is None:
            return
        yield GaugeMetricFamily(
            "strata_analytics_outbox_backlog_rows",
            "Outbox rows waiting for the analytics store",
            s.backlog.rows,
        )
        yield GaugeMetricFamily(
            "strata_analytics_outbox_lag_seconds",
            "Age of the oldest outbox row not yet delivered",
            s.lag_seconds,
        )
