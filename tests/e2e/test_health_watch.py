"""Health/Watch streams SERVING, NOT_SERVING while the database is down, then SERVING again."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncGenerator, AsyncIterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from tests.e2e.harness import Harness
from tests.e2e.test_database_outage import Postgres, outage

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
__all__ = ["outage"]  # the fixture: a server on a database of this module's own

GRPCURL = Path(sys.executable).parent / "grpcurl"
SERVING = "SERVING"
NOT_SERVING = "NOT_SERVING"
STEP_SECONDS = 20.0


async def _stub_statuses(h: Harness, service: str) -> AsyncGenerator[str, None]:
    stub = health_pb2_grpc.HealthStub(h.channel)
    call = stub.Watch(health_pb2.HealthCheckRequest(service=service))
    try:
        async for reply in call:
            yield health_pb2.HealthCheckResponse.ServingStatus.Name(reply.status)
    finally:
        call.cancel()


async def _grpcurl_statuses(h: Harness, service: str) -> AsyncGenerator[str, None]:
    """grpcurl prints each streamed reply as a JSON object; one status per object."""
    process = await asyncio.create_subprocess_exec(
        str(GRPCURL),
        "-plaintext",
        "-d",
        json.dumps({"service": service}),
        h.address,
        "grpc.health.v1.Health/Watch",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        text = ""
        while line := (await process.stdout.readline()).decode():
            text += line
            if line.rstrip() == "}":
                yield json.loads(text).get("status", "SERVICE_UNKNOWN")
                text = ""
        raise AssertionError(f"grpcurl ended: {(await process.stderr.read()).decode()}")
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()


async def _next_other_than(statuses: AsyncIterator[str], seen: str) -> str:
    """The first status that differs from `seen` (a Watch may repeat the current one)."""

    async def differing() -> str:
        async for status in statuses:
            if status != seen:
                return status
        raise AssertionError("the Watch stream ended")

    return await asyncio.wait_for(differing(), STEP_SECONDS)


async def _first(statuses: AsyncIterator[str]) -> str:
    return await asyncio.wait_for(anext(statuses), STEP_SECONDS)


async def test_watch_follows_a_database_stop_and_start_through_stubs_and_grpcurl(
    outage: tuple[Postgres, Harness],
) -> None:
    """One outage, watched per service and for the whole server, by a stub and by grpcurl."""
    db, h = outage
    watchers = {
        "stub IdentityService": _stub_statuses(h, "strata.v1.IdentityService"),
        "stub server": _stub_statuses(h, ""),
        "grpcurl IdentityService": _grpcurl_statuses(h, "strata.v1.IdentityService"),
    }
    try:
        firsts = await asyncio.gather(*(_first(w) for w in watchers.values()))
        assert firsts == [SERVING] * len(watchers)
        db.stop()
        try:
            down = await asyncio.gather(*(_next_other_than(w, SERVING) for w in watchers.values()))
        finally:
            db.start()
        assert down == [NOT_SERVING] * len(watchers)
        up = await asyncio.gather(*(_next_other_than(w, NOT_SERVING) for w in watchers.values()))
        assert dict(zip(watchers, up, strict=True)) == dict.fromkeys(watchers, SERVING)
    except grpc.aio.AioRpcError as err:
        raise AssertionError(f"Watch failed: {err.code()} {err.details()}") from err
    finally:
        for w in watchers.values():
            await w.aclose()
