"""Stalled chunk streams from one caller: bounded in time and in number, others keep working."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import asyncpg
import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import start_server
from entrypoints.settings import load_settings
from strata.v1 import knowledge_pb2 as pb
from strata.v1 import knowledge_pb2_grpc, system_pb2
from tests.e2e.harness import Harness, make_root

pytestmark = [pytest.mark.e2e]
DIM = 1536
IDLE_SECONDS = 2
STALLED = 15


@pytest.fixture(scope="module")
async def harness(migrated_db_url: str) -> AsyncIterator[Harness]:
    settings = load_settings(
        environ={
            "STRATA_KEY_PEPPER": "e2e-pepper",
            "STRATA_STREAM_IDLE_SECONDS": str(IDLE_SECONDS),
            "STRATA_MAX_STREAMS_PER_CALLER": "2",
            "STRATA_CHDB_HOST": "inline",
        }
    )
    container = build_container(settings, migrated_db_url)
    await start(container)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.5)
    root = await make_root(container)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        yield Harness(container, running, channel, root)
    await running.stop(1)
    await stop(container)


def first_message(ws: str, doc_id: str) -> pb.UpsertChunksStreamRequest:
    one = pb.Chunk(ordinal=0, content="never finished", embedding=[1.0] + [0.0] * (DIM - 1))
    return pb.UpsertChunksStreamRequest(workspace_id=ws, document_id=doc_id, chunks=[one])


async def pool_details(harness: Harness) -> dict[str, dict[str, int]]:
    report = await harness.system.GetHealth(system_pb2.GetHealthRequest())
    return {
        c.name: {k: int(v) for k, v in c.details.items()}
        for c in report.components
        if c.name in ("database_pool", "database_driver_pool")
    }


async def test_stalled_streams_of_one_caller_leave_the_others_served(
    harness: Harness, migrated_db_url: str
) -> None:
    stub = knowledge_pb2_grpc.KnowledgeServiceStub(harness.channel)
    health = health_pb2_grpc.HealthStub(harness.channel)
    staller, other = await harness.new_user("staller"), await harness.new_user("other")
    ws_s, ws_o = await harness.new_workspace(staller), await harness.new_workspace(other)
    docs = [
        (
            await stub.CreateDocument(
                pb.CreateDocumentRequest(workspace_id=ws_s, title=f"stalled {i}"),
                metadata=staller.md,
            )
        ).document
        for i in range(STALLED)
    ]
    never = asyncio.Event()

    async def stalled(doc_id: str) -> AsyncIterator[pb.UpsertChunksStreamRequest]:
        yield first_message(ws_s, doc_id)
        await never.wait()

    async def outcome(doc_id: str) -> tuple[grpc.StatusCode, float]:
        started = time.monotonic()
        try:
            await stub.UpsertChunksStream(stalled(doc_id), metadata=staller.md)
        except grpc.aio.AioRpcError as err:
            return err.code(), time.monotonic() - started
        return grpc.StatusCode.OK, time.monotonic() - started

    streams = [asyncio.create_task(outcome(d.id)) for d in docs]
    await asyncio.sleep(0.5)
    for _ in range(3):  # while two streams hold their transactions
        created = await stub.CreateDocument(
            pb.CreateDocumentRequest(workspace_id=ws_o, title="still served"), metadata=other.md
        )
        got = await stub.GetDocument(
            pb.GetDocumentRequest(workspace_id=ws_o, id=created.document.id), metadata=other.md
        )
        assert got.document.title == "still served"
        check = await health.Check(health_pb2.HealthCheckRequest())
        assert check.status == health_pb2.HealthCheckResponse.SERVING
    pools = await pool_details(harness)
    assert set(pools) == {"database_pool", "database_driver_pool"}
    assert pools["database_pool"]["in_use"] >= 2, "the two admitted streams hold a connection"
    for figures in pools.values():
        assert set(figures) == {"size", "in_use", "idle", "overflow_in_use", "max"}
        assert min(figures.values()) >= 0
        assert figures["size"] == figures["in_use"] + figures["idle"] <= figures["max"] == 15

    results = await asyncio.gather(*streams)
    refused = [s for code, s in results if code == grpc.StatusCode.RESOURCE_EXHAUSTED]
    timed_out = [s for code, s in results if code == grpc.StatusCode.DEADLINE_EXCEEDED]
    assert (len(refused), len(timed_out)) == (STALLED - 2, 2), results
    assert max(refused) < 1.0, "a refused stream is refused at once"
    assert all(IDLE_SECONDS <= s < IDLE_SECONDS + 3 for s in timed_out)

    for doc in docs:
        got = await stub.GetDocument(
            pb.GetDocumentRequest(workspace_id=ws_s, id=doc.id), metadata=staller.md
        )
        assert got.chunk_count == 0, "an abandoned stream writes nothing"
    conn = await asyncpg.connect(migrated_db_url)
    try:
        idle_in_tx = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%' "
            "AND datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await conn.close()
    assert idle_in_tx == 0
