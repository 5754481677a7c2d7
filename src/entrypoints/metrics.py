"""Prometheus metrics in a registry of their own: calls, database queries and the pool."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIServer

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

# 0.5 ms (a cached lookup) … 10 s (a call about to hit its deadline).
LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
_POOL_FIGURES = (
    ("db_pool_size", "Connections open", "size"),
    ("db_pool_in_use", "Connections lent out right now", "in_use"),
    ("db_pool_idle", "Open connections waiting in the pool", "idle"),
    (
        "db_pool_overflow_in_use",
        "Connections lent out beyond DATABASE_POOL_SIZE",
        "overflow_in_use",
    ),
    ("db_pool_max", "The most connections the pool opens", "max"),
)


class PoolCollector(Collector):
    """Reads each pool at scrape time, labelled `pool`; `gauges` answer `figures()`
    (size, in_use, idle, overflow_in_use, max), or None for a pool not open yet."""

    def __init__(self) -> None:
        self.gauges: dict[str, Any] = {}

    def collect(self) -> Iterator[GaugeMetricFamily]:
        read = [(name, gauge.figures()) for name, gauge in self.gauges.items()]
        read = [(name, figures) for name, figures in read if figures is not None]
        if not read:
            return
        for metric, doc, attr in _POOL_FIGURES:
            family = GaugeMetricFamily(metric, doc, labels=("pool",))
            for name, figures in read:
                family.add_metric((name,), getattr(figures, attr))
            yield family


class MetricsServer:
    """The /metrics HTTP endpoint, served from a daemon thread."""

    def __init__(self, server: WSGIServer, thread: threading.Thread) -> None:
        self._server = server
        self._thread = thread

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def shutdown(self) -> None:
        """Blocks up to half a second (the server's poll interval)."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._pools = PoolCollector()
        self.registry.register(self._pools)
        by_call = ("method", "code")
        self._calls = Counter(
            "strata_rpc_requests", "RPCs finished", by_call, registry=self.registry
        )
        self._call_seconds = Histogram(
            "strata_rpc_duration_seconds",
            "RPC latency",
            by_call,
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._in_flight = Gauge(
            "strata_rpc_in_flight", "RPCs being served", ("method",), registry=self.registry
        )
        self._query_seconds = Histogram(
            "db_query_duration_seconds",
            "Database statement latency",
            ("operation",),
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._slow = Counter(
            "db_slow_queries",
            "Statements at or over the slow threshold",
            ("operation",),
            registry=self.registry,
        )
        self._children: dict[tuple[int, tuple[str, ...]], Any] = {}

    def watch_pool(self, name: str, gauge: Any) -> None:
        """Report `gauge.figures()` at each scrape as the pool `name` (one per name)."""
        self._pools.gauges[name] = gauge

    def rpc_started(self, method: str) -> None:
        self._child(self._in_flight, method).inc()

    def rpc_finished(self, method: str, code_name: str, seconds: float) -> None:
        self._child(self._in_flight, method).dec()
        self._child(self._calls, method, code_name).inc()
        self._child(self._call_seconds, method, code_name).observe(seconds)

    def query_finished(self, operation: str, seconds: float) -> None:
        self._child(self._query_seconds, operation).observe(seconds)

    def _child(self, metric: Any, *labels: str) -> Any:
        """`metric.labels(...)`, remembered: the lookup costs more than the update."""
        key = (id(metric), labels)
        child = self._children.get(key)
        if child is None:
            child = self._children[key] = metric.labels(*labels)
        return child

    def slow_query(self, operation: str) -> None:
        self._slow.labels(operation).inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def start_http(self, addr: str) -> MetricsServer:
        """Serve /metrics on HOST:PORT ([::]:9100 for IPv6; port 0 picks a free one)."""
        host, _, port = addr.rpartition(":")
        server, thread = start_http_server(int(port), host.strip("[]"), self.registry)
        return MetricsServer(server, thread)
