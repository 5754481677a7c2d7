"""A write and its audit entry are one transaction, whatever breaks in between.

A burst of concurrent writes runs while the service's database connections are
killed at random moments and clients give up after random tiny deadlines. Then,
both directions: every document written has exactly one success entry, every
success entry has its document, every call left exactly one entry, and the chain
verifies.
"""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import grpc
import pytest

from adapters.postgres.infra.engine import driver_dsn
from domain.audit.chain import ChainVerifier
from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import start_server
from strata.v1 import knowledge_pb2 as pb
from strata.v1 import knowledge_pb2_grpc
from tests.e2e.conftest import e2e_settings
from tests.e2e.harness import Harness, make_root
from tests.support.databases import create_database

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
CREATE = "/strata.v1.KnowledgeService/CreateDocument"
WRITERS, CALLS_PER_WRITER = 8, 25


@pytest.fixture
async def served(pg_admin_url: str) -> AsyncIterator[tuple[Harness, str]]:
    """A server on a database of its own: the killer spares every other test's connections."""
    url = await create_database(pg_admin_url, "strata_test_faults")
    container = build_container(e2e_settings("postgres"), url)
    await start(container)
    running = await start_server(container, "127.0.0.1:0", health_interval=0.2)
    root = await make_root(container)
    async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
        yield Harness(container, running, channel, root), url
    await running.stop(1)
    await stop(container)


async def _killer(url: str, stop: asyncio.Event, rng: random.Random) -> int:
    """Terminates one of the service's connections at a time, at random moments."""
    killed = 0
    conn = await asyncpg.connect(driver_dsn(url))
    try:
        while not stop.is_set():
            await asyncio.sleep(rng.uniform(0.005, 0.04))
            pids = [
                r["pid"]
                for r in await conn.fetch(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            ]
            if pids:
                await conn.execute("SELECT pg_terminate_backend($1)", rng.choice(pids))
                killed += 1
    finally:
        await conn.close()
    return killed


async def _writer(
    stub: Any, ws: str, md: tuple[tuple[str, str], ...], rng: random.Random
) -> dict[str, grpc.StatusCode]:
    outcomes: dict[str, grpc.StatusCode] = {}
    for _ in range(CALLS_PER_WRITER):
        rid = f"inv-{uuid.uuid4().hex}"
        timeout = rng.choice([None, None, rng.uniform(0.002, 0.06)])
        try:
            await stub.CreateDocument(
                pb.CreateDocumentRequest(workspace_id=ws, title=rid, storage_key=rid),
                metadata=(*md, ("x-request-id", rid)),
                timeout=timeout,
            )
            outcomes[rid] = grpc.StatusCode.OK
        except grpc.aio.AioRpcError as exc:
            outcomes[rid] = exc.code()
    return outcomes


async def _settle(h: Harness) -> None:
    """Until the service answers again and every queued entry is stored."""
    for _ in range(200):
        await h.running.audit_writer.flush()
        if h.running.audit_writer.pending == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("queued audit entries were never stored")


async def test_writes_and_their_entries_survive_killed_connections_together(served) -> None:
    h, url = served
    rng = random.Random(8)
    ws = await h.new_workspace(h.root, "invariant")
    stub = knowledge_pb2_grpc.KnowledgeServiceStub(h.channel)
    stop_killing = asyncio.Event()
    killer = asyncio.create_task(_killer(url, stop_killing, rng))
    results = await asyncio.gather(
        *(_writer(stub, ws, h.root.md, random.Random(i)) for i in range(WRITERS))
    )
    stop_killing.set()
    killed = await killer
    outcomes = {rid: code for r in results for rid, code in r.items()}
    await asyncio.sleep(0.3)  # calls the clients gave up on finish on the server
    await _settle(h)

    conn = await asyncpg.connect(driver_dsn(url))
    try:
        docs = {
            r["title"]
            for r in await conn.fetch("SELECT title FROM documents WHERE workspace_id = $1", ws)
        }
        rows = await conn.fetch(
            "SELECT request_id, outcome, request::text AS request FROM audit_entries "
            "WHERE action = $1 AND request_id = ANY($2::text[])",
            CREATE,
            list(outcomes),
        )
        chain = ChainVerifier({})
        for r in await conn.fetch("SELECT * FROM audit_entries ORDER BY sequence"):
            chain.feed(_entry(r))
    finally:
        await conn.close()

    per_call: dict[str, list[str]] = {}
    for r in rows:
        per_call.setdefault(r["request_id"], []).append(r["outcome"])
        assert json.loads(r["request"])["title"] == r["request_id"]
    succeeded = {rid for rid, found in per_call.items() if found == ["success"]}
    assert killed > 0 and any(code != grpc.StatusCode.OK for code in outcomes.values())
    assert {rid: len(found) for rid, found in per_call.items() if len(found) != 1} == {}
    # A call whose deadline passed before the server started it ran nothing: no entry.
    missing = {outcomes[rid] for rid in set(outcomes) - set(per_call)}
    assert missing <= {grpc.StatusCode.DEADLINE_EXCEEDED}, "a call left no entry"
    assert docs == succeeded, "a write without its success entry, or an entry without its write"
    assert {rid for rid, code in outcomes.items() if code == grpc.StatusCode.OK} <= docs
    assert chain.problem is None


def _entry(row: Any) -> Any:
    from adapters.postgres.audit.rows import entry_of as from_row

    values = dict(row)
    for name in ("roles", "request"):
        if isinstance(values[name], str):
            values[name] = json.loads(values[name])
    return from_row(values)
