"""The server anchors the audit chain's head in a checkpoint every so often."""

from __future__ import annotations

import asyncio

import grpc
import pytest

from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import AuditOptions, start_server
from strata.v1 import identity_pb2 as pb
from tests.e2e.conftest import e2e_settings
from tests.e2e.harness import Harness, make_root

pytestmark = pytest.mark.e2e


async def test_a_running_server_checkpoints_the_head_it_moved() -> None:
    container = build_container(e2e_settings("memory"), None)
    await start(container)
    running = await start_server(
        container, "127.0.0.1:0", audit=AuditOptions(flush_seconds=0.02, checkpoint_seconds=0.05)
    )
    try:
        root = await make_root(container)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            h = Harness(container, running, channel, root)
            await h.identity.CreateWorkspace(
                pb.CreateWorkspaceRequest(name="Anchored", slug="anchored"), metadata=root.md
            )
        log, checkpoints = container.audit.log(), container.audit.checkpoints()
        for _ in range(100):
            latest = await checkpoints.latest()
            if latest is not None and latest.sequence == (await log.head())[0]:
                break
            await asyncio.sleep(0.05)
        head = await log.head()
        assert latest is not None and (latest.sequence, latest.hash) == head and head[0] >= 1
    finally:
        await running.stop(1)
        await stop(container)
