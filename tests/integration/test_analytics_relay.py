"""The relay from PostgreSQL's outbox to ClickHouse: exact counts, outages that
leave a backlog and drain after, concurrent relays, and relays killed mid-batch."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest

from adapters.system.basics import SystemClock
from domain.kernel.errors import Unavailable
from entrypoints.runtime.analytics_relay import relay_forever
from entrypoints.runtime.analytics_relay_state import RelayState
from entrypoints.storage import postgres_unit_of_work
from tests.integration.analytics_relay_kit import (
    Workspace,
    counted,
    drain,
    relay_of,
)
from tests.support.faulty_analytics_store import FaultyAnalyticsStore

pytestmark = pytest.mark.asyncio
WAIT = 30.0  # bound on any wait for the relay


@pytest.fixture
def uow_factory(clean_db: Any, driver_pool: Any) -> Any:
    return postgres_unit_of_work(clean_db, driver_pool)


@pytest.fixture
def analytics_store(clickhouse_store: Any) -> Any:
    """ClickHouse (chDB, or the server the suite was given), a database of the test's own."""
    return clickhouse_store


@pytest.fixture
async def ws(uow_factory: Any) -> Workspace:
    return await Workspace.create(uow_factory)


async def test_jobs_and_calls_reach_the_store_counted_exactly(uow_factory, analytics_store, ws):
    events = sum([await ws.run_job() for _ in range(4)])
    calls = sum([await ws.call() for _ in range(5)])
    relay, backlog = relay_of(uow_factory, analytics_store)
    assert await drain(relay, backlog, batch=3) == events + calls
    assert await counted(analytics_store, ws.id) == (events, calls)
    again = await relay.execute(100)
    assert again.total == 0  # delivered rows are gone from the outbox


async def test_an_outage_builds_a_backlog_that_drains_after(uow_factory, analytics_store, ws):
    store = FaultyAnalyticsStore(analytics_store)
    store.down = True
    relay, backlog = relay_of(uow_factory, store)
    state = RelayState()
    loop = asyncio.create_task(
        relay_forever(relay, backlog, state, SystemClock(), 0.01, 4, max_backoff=0.05)
    )
    try:
        async with asyncio.timeout(WAIT):  # writes go on while the store is down
            events = sum([await ws.run_job() for _ in range(3)])
            calls = sum([await ws.call() for _ in range(3)])
            await state.wait_for_rounds(state.rounds + 2)
        assert state.failures_total >= 2 and state.delivered_total == 0
        assert state.backlog is not None and state.backlog.rows == events + calls
        assert not state.report().healthy and "unavailable" in state.report().error
        store.down = False
        async with asyncio.timeout(WAIT):
            while state.delivered_total < events + calls:
                await state.wait_for_rounds(state.rounds + 1)
        assert await counted(analytics_store, ws.id) == (events, calls)
        assert state.report().healthy
    finally:
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)


async def test_a_store_that_is_down_keeps_the_batch_in_the_outbox(uow_factory, analytics_store, ws):
    events = await ws.run_job()
    store = FaultyAnalyticsStore(analytics_store)
    store.down = True
    relay, backlog = relay_of(uow_factory, store)
    with pytest.raises(Unavailable):
        await relay.execute(100)
    assert (await backlog.execute()).rows == events


async def test_two_relays_at_once_deliver_every_row_once(uow_factory, analytics_store, ws):
    events = sum([await ws.run_job() for _ in range(6)])
    calls = sum([await ws.call() for _ in range(6)])
    first, second = relay_of(uow_factory, analytics_store), relay_of(uow_factory, analytics_store)
    async with asyncio.timeout(WAIT):
        delivered = await asyncio.gather(drain(*first, batch=2), drain(*second, batch=2))
    assert sum(delivered) == events + calls  # no row taken by both
    assert await counted(analytics_store, ws.id) == (events, calls)


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_a_relay_killed_mid_batch_redelivers_without_double_counting(
    uow_factory, analytics_store, ws, seed
):
    events = sum([await ws.run_job() for _ in range(5)])
    calls = sum([await ws.call() for _ in range(5)])
    rng, kills = random.Random(seed), {"before": 0, "after": 0}
    store = FaultyAnalyticsStore(analytics_store)

    async def maybe_kill(point: str) -> None:
        if rng.random() < 0.4:
            kills[point] += 1
            task = asyncio.current_task()
            assert task is not None
            task.cancel()
            await asyncio.sleep(0)  # the relay dies here, its unit of work not committed

    store.hook = maybe_kill
    relay, backlog = relay_of(uow_factory, store)
    async with asyncio.timeout(WAIT):
        while (await backlog.execute()).rows:
            await asyncio.gather(asyncio.create_task(relay.execute(3)), return_exceptions=True)
    assert kills["after"] > 0  # some batches reached the store and stayed in the outbox
    assert await counted(analytics_store, ws.id) == (events, calls)
