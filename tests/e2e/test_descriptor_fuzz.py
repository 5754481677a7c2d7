"""Every RPC the server lists, fed Hypothesis-drawn requests: never INTERNAL or UNKNOWN,
always healthy, exactly one audit entry per call.

CI-sized by default (about 3,000 calls); `STRATA_FUZZ=long` runs a longer profile.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import AsyncIterator

import grpc
import pytest

from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import MAX_MESSAGE_BYTES, AuditOptions, start_server
from tests.e2e.conftest import e2e_settings
from tests.e2e.harness import Harness, make_root
from tests.support import clickhouse
from tests.support.fuzz_messages import Messages
from tests.support.fuzz_report import audit_counts, coverage, findings
from tests.support.fuzz_run import Runner, draw_specs
from tests.support.fuzz_services import discover
from tests.support.fuzz_world import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

LONG = os.environ.get("STRATA_FUZZ") == "long"
REQUESTS_PER_RUN = 12_000 if LONG else 1_300  # each sent as two or three callers
CONCURRENCY = 6
HEALTH_EVERY = 300
CHANNEL_OPTIONS = [("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)]


@pytest.fixture(scope="module")
async def fuzz_server(migrated_db_url: str) -> AsyncIterator[Harness]:
    """A server of this module's own whose audit writer flushes often."""
    settings = e2e_settings("postgres")
    container = build_container(settings, migrated_db_url)
    await start(container)
    await clickhouse.prepare_analytics(container)
    audit = AuditOptions(flush_seconds=0.05)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.5, audit=audit)
    root = await make_root(container)
    address = f"127.0.0.1:{running.port}"
    async with grpc.aio.insecure_channel(address, options=CHANNEL_OPTIONS) as channel:
        yield Harness(container, running, channel, root)
    await running.stop(1)
    await stop(container)


async def test_no_request_is_answered_internal_or_left_unaudited(fuzz_server: Harness) -> None:
    h = fuzz_server
    rpcs = await asyncio.to_thread(discover, h.address)
    assert any(r.client_streaming for r in rpcs), "client-streaming RPCs are driven too"
    dim = e2e_settings("postgres").knowledge.embedding_dim
    world = await build_world(h, dim)
    drawing = time.monotonic()
    specs = draw_specs(rpcs, Messages(dim), max(1, REQUESTS_PER_RUN // len(rpcs)))
    drawn = time.monotonic()
    prefix = f"fuzz-{uuid.uuid4().hex[:8]}"
    since = time.time()
    runner = Runner(h.channel, world, prefix)
    await runner.run(specs, CONCURRENCY, HEALTH_EVERY)
    await runner.check_health("at the end")
    await h.running.audit_writer.flush()
    counts = await audit_counts(h.channel, world.auditor.md, since, prefix)
    problems = findings(runner.results, counts)
    report = "\n".join([*runner.unhealthy, *problems])
    took = f"drawn in {drawn - drawing:.0f} s, sent in {time.monotonic() - drawn:.0f} s"
    print(f"{len(runner.results)} calls over {len(rpcs)} RPCs ({took})\n{report}")
    assert set(coverage(runner.results)) == {r.path for r in rpcs}, "every RPC was called"
    assert not runner.unhealthy and not problems, report
