"""With auditing off (only to measure what it costs), a call's writes still commit."""

from __future__ import annotations

import uuid

import grpc
import pytest

from entrypoints.container import build_container, start, stop
from entrypoints.grpc.server import AuditOptions, start_server
from strata.v1 import identity_pb2 as pb
from strata.v1 import identity_pb2_grpc
from tests.e2e.harness import make_root

pytestmark = pytest.mark.e2e


async def test_writes_commit_without_an_audit_trail(storage) -> None:  # type: ignore[no-untyped-def]
    from tests.e2e.conftest import e2e_settings

    container = build_container(e2e_settings(storage[0]), storage[1])
    await start(container)
    running = await start_server(container, "127.0.0.1:0", audit=AuditOptions(enabled=False))
    slug = f"unaudited-{uuid.uuid4().hex[:10]}"
    try:
        root = await make_root(container)
        async with grpc.aio.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            stub = identity_pb2_grpc.IdentityServiceStub(channel)
            made = await stub.CreateWorkspace(
                pb.CreateWorkspaceRequest(name="Unaudited", slug=slug), metadata=root.md
            )
            got = await stub.GetWorkspace(
                pb.GetWorkspaceRequest(id=made.workspace.id), metadata=root.md
            )
        assert got.workspace.slug == slug
    finally:
        await running.stop(1)
        await stop(container)
