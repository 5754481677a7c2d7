"""Metrics: call and query figures move, the pool is read at scrape time, /metrics serves them."""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass

from adapters.postgres.infra.pools import PoolFigures
from entrypoints.metrics import Metrics

METHOD = "/strata.v1.IdentityService/GetUser"


@dataclass
class StubGauge:
    """A pool's figures, as a gauge answers them; None while the pool is not open."""

    in_use: int = 3
    idle: int = 2
    steady: int = 5
    most: int = 15
    opened: bool = True

    def figures(self) -> PoolFigures | None:
        return (
            PoolFigures.of(self.in_use, self.idle, self.steady, self.most) if self.opened else None
        )


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


def test_pool_figures_are_read_when_scraped_and_labelled_by_pool() -> None:
    gauge = StubGauge()
    metrics = Metrics()
    metrics.watch_pool("sqlalchemy", gauge)
    by = {"pool": "sqlalchemy"}
    assert sample(metrics, "db_pool_size", **by) == 5
    assert sample(metrics, "db_pool_in_use", **by) == 3
    assert sample(metrics, "db_pool_idle", **by) == 2
    assert sample(metrics, "db_pool_overflow_in_use", **by) == 0
    assert sample(metrics, "db_pool_max", **by) == 15

    gauge.in_use, gauge.idle = 7, 1
    assert sample(metrics, "db_pool_in_use", **by) == 7
    assert sample(metrics, "db_pool_size", **by) == 8
    assert sample(metrics, "db_pool_overflow_in_use", **by) == 2


def test_every_watched_pool_is_reported_beside_the_others() -> None:
    metrics = Metrics()
    metrics.watch_pool("sqlalchemy", StubGauge(in_use=1))
    metrics.watch_pool("driver", StubGauge(in_use=4, idle=0, steady=2))
    assert sample(metrics, "db_pool_in_use", pool="sqlalchemy") == 1
    assert sample(metrics, "db_pool_in_use", pool="driver") == 4
    assert sample(metrics, "db_pool_overflow_in_use", pool="driver") == 2


def test_storage_without_a_pool_reports_no_pool_figures() -> None:
    metrics = Metrics()
    assert b"db_pool_" not in metrics.render()
    metrics.watch_pool("driver", StubGauge(opened=False))
    assert b"db_pool_" not in metrics.render()


def test_metrics_endpoint_serves_every_family_over_http() -> None:
    metrics = Metrics()
    metrics.watch_pool("sqlalchemy", StubGauge())
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
        "db_pool_in_use",
        "db_pool_idle",
        "db_pool_overflow_in_use",
        "db_pool_max",
    ):
        assert name in body, name
    assert f'strata_rpc_requests_total{{code="OK",method="{METHOD}"}} 1.0' in body


def test_two_instances_do_not_share_figures() -> None:
    first, second = Metrics(), Metrics()
    first.rpc_started(METHOD)
    first.rpc_finished(METHOD, "OK", 0.01)
    assert sample(second, "strata_rpc_requests_total", method=METHOD, code="OK") is None
