"""Prometheus metrics in a registry of their own: calls, database queries and the pool."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
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
    ("db_pool_size", "Connections the pool keeps open (pool_size)", "size"),
    ("db_pool_checked_out", "Connections lent out right now", "checkedout"),
    ("db_pool_checked_in", "Open connections idle in the pool", "checkedin"),
    ("db_pool_overflow", "Connections open beyond pool_size", "overflow"),
)


class PoolCollector(Collector):
    """Reads the pool at scrape time; `pool()` answers a SQLAlchemy pool, or None."""

    def __init__(self, pool: Callable[[], Any]) -> None:
        self._pool = pool

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            pool = self._pool()
            figures = [(name, doc, getattr(pool, attr)()) for name, doc, attr in _POOL_FIGURES]
        except Exception:  # no pool, or one without figures (NullPool)
            return
        for name, doc, value in figures:
            # SQLAlchemy counts overflow from -pool_size while the pool is still filling.
            yield GaugeMetricFamily(name, doc, value=max(value, 0))


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
    def __init__(self, pool: Callable[[], Any] | None = None) -> None:
        self.registry = CollectorRegistry()
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
        if pool is not None:
            self.watch_pool(pool)

    def watch_pool(self, pool: Callable[[], Any]) -> None:
        """Report `pool()`'s figures at each scrape (e.g. `lambda: engine.pool`); once only."""
        self.registry.register(PoolCollector(pool))

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
