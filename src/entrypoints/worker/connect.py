"""A worker on a channel to the server: the workspace it works in, and SIGTERM / SIGINT
as the signal to stop claiming and drain."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import signal

import grpc

from entrypoints.worker.loop import Worker, WorkerRefused
from entrypoints.worker.options import WorkerOptions
from strata.v1 import identity_pb2, identity_pb2_grpc, jobs_pb2_grpc


async def work(options: WorkerOptions, stopping: asyncio.Event) -> collections.Counter[str]:
    """Connects, finds the workspace, works until `stopping` is set."""
    async with grpc.aio.insecure_channel(options.address) as channel:
        workspace = options.workspace_id or await _only_workspace(channel, options)
        stub = jobs_pb2_grpc.JobServiceStub(channel)  # type: ignore[no-untyped-call]
        worker = Worker(stub, workspace, options)
        return await worker.run(stopping)


async def work_until_signalled(options: WorkerOptions) -> collections.Counter[str]:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopping.set)
    try:
        return await work(options, stopping)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(Exception):
                loop.remove_signal_handler(sig)


async def _only_workspace(channel: grpc.aio.Channel, options: WorkerOptions) -> str:
    """The key's workspace when it is limited to one, else the caller's only membership."""
    stub = identity_pb2_grpc.IdentityServiceStub(channel)  # type: ignore[no-untyped-call]
    try:
        me = await stub.WhoAmI(
            identity_pb2.WhoAmIRequest(), metadata=options.metadata, timeout=options.call_timeout
        )
    except grpc.aio.AioRpcError as err:
        raise WorkerRefused(f"WhoAmI: {err.code().name}: {err.details()}") from None
    if me.api_key.workspace_id:
        return str(me.api_key.workspace_id)
    if len(me.memberships) == 1:
        return str(me.memberships[0].workspace_id)
    raise WorkerRefused(
        f"the key's user is a member of {len(me.memberships)} workspaces: name one (--workspace)"
    )
