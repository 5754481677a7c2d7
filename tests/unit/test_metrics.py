"""Metrics: call and query figures move, the pool is read at scrape time, /metrics serves them."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass

from entrypoints.metrics import Metrics

METHOD = "/strata.v1.IdentityService/GetUser"


@dataclass
class StubPool:
    """The four figures a SQLAlchemy QueuePool answers."""

    opened: int = 5
    lent: int = 3
    extra: int = -2  # SQLAlchemy's overflow while the pool is still filling

    def size(self) -> int:
        return self.opened

    def checkedout(self) -> int:
        return self.lent

    def checkedin(self) -> int:
        return self.opened - self.lent

    def overflow(self) -> int:
        return self.extra


def sample(metrics: Metrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_finished_call_is_counted_and_timed_by_method_and_code() -> None:
    metrics = Metrics()
    metrics.rpc_started(METHOD)
    metrics.rpc_finished(METHOD, "NOT_FOUND", 0.003)
    metrics.rpc_started(METHOD)
    metrics.rpc_finished(METHOD, "OK", 0.0004)

    by = {"method": METHOD, "code": "NOT_FOUND"}
    assert sample(metrics, "strata_rpc_requests_total", **by) == 1
    assert sample(metrics, "strata_rpc_duration_seconds_count", **by) == 1
    assert sample(metrics, "strata_rpc_duration_seconds_sum", **by) == 0.003
    assert sample(metrics, "strata_rpc_duration_seconds_bucket", **by, le="0.0025") == 0
    assert sample(metrics, "strata_rpc_duration_seconds_bucket", **by, le="0.005") == 1
    assert (
        sample(metrics, "strata_rpc_duration_seconds_bucket", method=METHOD, code="OK", le="0.0005")
        == 1
    )


def test_in_flight_gauge_rises_on_start_and_falls_on_finish() -> None:
    metrics = Metrics()
    metrics.rpc_started(METHOD)
    metrics.rpc_started(METHOD)
    assert sample(metrics, "strata_rpc_in_flight", method=METHOD) == 2
    metrics.rpc_finished(METHOD, "OK", 0.01)
    assert sample(metrics, "strata_rpc_in_flight", method=METHOD) == 1


def test_queries_are_timed_by_operation_and_slow_ones_counted() -> None:
    metrics = Metrics()
    metrics.query_finished("select", 0.002)
    metrics.query_finished("select", 0.2)
    metrics.slow_query("select")
    assert sample(metrics, "db_query_duration_seconds_count", operation="select") == 2
    assert sample(metrics, "db_slow_queries_total", operation="select") == 1


def test_pool_figures_are_read_when_scraped() -> None:
    pool = StubPool()
    metrics = Metrics(pool=lambda: pool)
    assert sample(metrics, "db_pool_size") == 5
    assert sample(metrics, "db_pool_checked_out") == 3
    assert sample(metrics, "db_pool_checked_in") == 2
    assert sample(metrics, "db_pool_overflow") == 0

    pool.lent, pool.extra = 7, 2
    assert sample(metrics, "db_pool_checked_out") == 7
    assert sample(metrics, "db_pool_overflow") == 2


def test_pool_can_be_watched_after_construction() -> None:
    metrics = Metrics()
    metrics.watch_pool(lambda: StubPool(opened=8))
    assert sample(metrics, "db_pool_size") == 8


def test_storage_without_a_pool_reports_no_pool_figures() -> None:
    for metrics in (Metrics(), Metrics(pool=lambda: None)):
        assert b"db_pool_" not in metrics.render()


def test_metrics_endpoint_serves_every_family_over_http() -> None:
    metrics = Metrics(pool=lambda: StubPool())
    metrics.rpc_started(METHOD)
    metrics.rpc_finished(METHOD, "OK", 0.01)
    metrics.query_finished("insert", 0.01)
    metrics.slow_query("insert")
    server = metrics.start_http("127.0.0.1:0")
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/metrics", timeout=5) as rsp:
            assert rsp.status == 200
            body = rsp.read().decode()
    finally:
        server.shutdown()

    for name in (
        "strata_rpc_requests_total",
        "strata_rpc_duration_seconds_bucket",
        "strata_rpc_in_flight",
        "db_query_duration_seconds_bucket",
        "db_slow_queries_total",
        "db_pool_size",
        "db_pool_checked_out",
        "db_pool_checked_in",
        "db_pool_overflow",
    ):
        assert name in body, name
    assert f'strata_rpc_requests_total{{code="OK",method="{METHOD}"}} 1.0' in body


def test_two_instances_do_not_share_figures() -> None:
    first, second = Metrics(), Metrics()
    first.rpc_started(METHOD)
    first.rpc_finished(METHOD, "OK", 0.01)
    assert sample(second, "strata_rpc_requests_total", method=METHOD, code="OK") is None
