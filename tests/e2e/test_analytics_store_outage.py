"""A served instance whose analytics store goes down: AnalyticsService alone answers
NOT_SERVING, GetHealth and /metrics show the store and the relay failing while writes go
on into the outbox, and everything is delivered once the store is back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

import grpc
import pytest
from dependency_injector import providers
from grpc_health.v1 import health_pb2, health_pb2_grpc
from prometheus_client import generate_latest

from entrypoints.container import build_container, context, start, stop
from entrypoints.grpc.server import start_server
from entrypoints.runtime.analytics_relay_state import RelayState
from entrypoints.settings import load_settings
from strata.v1 import jobs_pb2 as pb
from strata.v1 import jobs_pb2_grpc
from strata.v1 import system_pb2 as spb
from tests.e2e.harness import Harness, make_root
from tests.support import clickhouse
from tests.support.faulty_analytics_store import FaultyAnalyticsStore

pytestmark = pytest.mark.e2e
ANALYTICS = "strata.v1.AnalyticsService"
JOBS = "strata.v1.JobService"
WAIT = 20.0


@pytest.fixture
async def served(
    storage: tuple[str, str | None],
) -> AsyncIterator[tuple[Harness, FaultyAnalyticsStore]]:
    """A server on the e2e storages whose analytics store can be taken down."""
    settings = load_settings(
        environ={
            "STRATA_STORAGE": storage[0],
            "STRATA_KEY_PEPPER": "e2e-pepper",
            "STRATA_CLICKHOUSE_DIR": str(clickhouse.PROCESS_CHDB_DIR),
            "STRATA_CHDB_HOST": "inline",
            "STRATA_ANALYTICS_RELAY_SECONDS": "0.05",
        }
    )
    container = build_container(settings, storage[1])
    store = FaultyAnalyticsStore(container.analytics_store())
    container.analytics_store.override(providers.Object(store))
    await start(container)
    await clickhouse.prepare_analytics(container)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.1)
    try:
        root = await make_root(container)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            yield Harness(container, running, channel, root), store
    finally:
        await running.stop(1)
        await stop(container)
        container.analytics_store.reset_override()


async def _until_status(h: Harness, service: str, wanted: int) -> None:
    stub = health_pb2_grpc.HealthStub(h.channel)
    call = stub.Watch(health_pb2.HealthCheckRequest(service=service))
    try:
        async with asyncio.timeout(WAIT):
            async for reply in call:
                if reply.status == wanted:
                    return
    finally:
        call.cancel()


async def _status(h: Harness, service: str) -> int:
    stub = health_pb2_grpc.HealthStub(h.channel)
    return (await stub.Check(health_pb2.HealthCheckRequest(service=service))).status


async def _components(h: Harness) -> dict[str, spb.ComponentHealth]:
    health = await h.system.GetHealth(spb.GetHealthRequest())
    return {c.name: c for c in health.components}


def _figures(h: Harness) -> dict[str, float]:
    text = generate_latest(h.container.metrics().registry).decode()
    pairs = [line.split(" ") for line in text.splitlines() if line.startswith("strata_analytics")]
    return {name: float(value) for name, value in pairs}


async def _rounds_until(state: RelayState, done: Callable[[], bool]) -> None:
    async with asyncio.timeout(WAIT):
        while not done():
            await state.wait_for_rounds(state.rounds + 1)


async def test_the_analytics_store_down_stops_only_its_service_and_backs_up_the_outbox(
    served: tuple[Harness, FaultyAnalyticsStore],
) -> None:
    h, store = served
    state: RelayState = context(h.container, "analytics").relay_state()
    owner = await h.new_user("relay")
    ws = await h.new_workspace(owner, "relay")
    jobs = jobs_pb2_grpc.JobServiceStub(h.channel)
    await jobs.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind="echo"), metadata=owner.md)
    await _rounds_until(state, lambda: state.backlog is not None and state.backlog.rows == 0)
    store_names = {r.name for r in await store.check()}
    components = await _components(h)
    assert store_names <= set(components)
    assert components["analytics_relay"].status == spb.HEALTH_STATUS_HEALTHY

    store.down = True
    await _until_status(h, ANALYTICS, health_pb2.HealthCheckResponse.NOT_SERVING)
    assert await _status(h, JOBS) == health_pb2.HealthCheckResponse.SERVING
    await jobs.SubmitJob(pb.SubmitJobRequest(workspace_id=ws, kind="echo"), metadata=owner.md)
    await _rounds_until(state, lambda: state.backlog is not None and state.backlog.rows > 0)
    components = await _components(h)
    assert {components[name].status for name in store_names} == {spb.HEALTH_STATUS_UNHEALTHY}
    assert components["analytics_relay"].status == spb.HEALTH_STATUS_UNHEALTHY
    figures = _figures(h)
    assert figures["strata_analytics_relay_failures_total"] >= 1
    assert figures["strata_analytics_outbox_backlog_rows"] >= 1
    assert figures["strata_analytics_outbox_lag_seconds"] >= 0

    store.down = False
    await _until_status(h, ANALYTICS, health_pb2.HealthCheckResponse.SERVING)
    await _rounds_until(state, lambda: state.backlog is not None and state.backlog.rows == 0)
    assert (await _components(h))["analytics_relay"].status == spb.HEALTH_STATUS_HEALTHY
    assert _figures(h)["strata_analytics_relay_delivered_total"] == state.delivered_total
