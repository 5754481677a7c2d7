"""WatchJob across server instances (PostgreSQL: two memory stores share nothing): a change
made through one instance wakes a watcher on the other at once, through LISTEN/NOTIFY."""

from __future__ import annotations

from collections.abc import AsyncIterator

import grpc
import pytest

from strata.v1 import jobs_pb2 as pb
from tests.e2e.harness import Caller, Harness
from tests.e2e.instances import serving
from tests.e2e.job_watch_kit import beat, claim, complete, job_stub, submit, watch, watch_settings

# Quiet streams beat this rarely: what a watcher sees within the kit's WAIT was woken, not polled.
QUIET_SECONDS = 60
P, R, C = pb.JOB_STATUS_PENDING, pb.JOB_STATUS_RUNNING, pb.JOB_STATUS_COMPLETED


@pytest.fixture(scope="module")
async def instances(migrated_db_url: str) -> AsyncIterator[tuple[Harness, Harness]]:
    settings = watch_settings("postgres", QUIET_SECONDS)
    async with (
        serving(settings, migrated_db_url) as first,
        serving(settings, migrated_db_url, first.root) as second,
    ):
        yield first, second


async def test_a_change_made_through_another_instance_wakes_the_watcher(
    instances: tuple[Harness, Harness],
) -> None:
    first, second = instances
    owner: Caller = await first.new_user("watch")
    ws = await first.new_workspace(owner, "watch")
    here, other = job_stub(first), job_stub(second)
    job = await submit(other, owner, ws)
    w = watch(here, owner, job)
    await w.until(events=1)
    claimed = await claim(other, owner, job)
    await w.until(events=2)
    await beat(other, owner, claimed, 0.5)
    await complete(other, owner, claimed)
    assert await w.ended() == grpc.StatusCode.OK
    assert [e.to_status for e in w.events] == [P, R, R, C]
    assert w.beats == []
