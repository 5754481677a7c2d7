"""The RPCs a running server offers, read through its reflection service, and how to call each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import grpc
from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor
from google.protobuf.message import DecodeError, Message
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

# The gRPC ecosystem's own protocols (health, reflection): not the application's, not
# audited; Health has tests of its own and is polled throughout the run.
INFRASTRUCTURE = "grpc."
MAX_STREAMED_REPLIES = 5


@dataclass(frozen=True)
class Rpc:
    path: str
    request: Descriptor
    response: type[Message]
    client_streaming: bool
    server_streaming: bool

    @property
    def kind(self) -> tuple[bool, bool]:
        return self.client_streaming, self.server_streaming


def discover(address: str) -> list[Rpc]:
    """Every method of every application service the server lists (blocking: run in a thread)."""
    with grpc.insecure_channel(address) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        pool = descriptor_pool.DescriptorPool(database)
        rpcs = []
        for name in sorted(database.get_services()):
            if name.startswith(INFRASTRUCTURE):
                continue
            for method in pool.FindServiceByName(name).methods:
                rpcs.append(
                    Rpc(
                        f"/{name}/{method.name}",
                        method.input_type,
                        message_factory.GetMessageClass(method.output_type),
                        method.client_streaming,
                        method.server_streaming,
                    )
                )
        return rpcs


@dataclass(frozen=True)
class Reply:
    code: grpc.StatusCode
    details: str
    messages: tuple[Message, ...]


async def invoke(
    channel: grpc.aio.Channel,
    rpc: Rpc,
    requests: Sequence[bytes],
    metadata: tuple[tuple[str, str], ...],
    seconds: float,
) -> Reply:
    """One call of any kind; a streamed answer is read up to MAX_STREAMED_REPLIES, then cut."""
    call: Any
    if rpc.kind == (False, False):
        call = channel.unary_unary(rpc.path)(requests[0], metadata=metadata, timeout=seconds)
    elif rpc.kind == (True, False):
        call = channel.stream_unary(rpc.path)(iter(requests), metadata=metadata, timeout=seconds)
    elif rpc.kind == (False, True):
        call = channel.unary_stream(rpc.path)(requests[0], metadata=metadata, timeout=seconds)
    else:
        call = channel.stream_stream(rpc.path)(iter(requests), metadata=metadata, timeout=seconds)
    raw: list[bytes] = []
    try:
        if rpc.server_streaming:
            async for item in call:
                raw.append(item)
                if len(raw) >= MAX_STREAMED_REPLIES:
                    call.cancel()
                    break
        else:
            raw.append(await call)
    except grpc.aio.AioRpcError as err:
        return Reply(err.code(), err.details() or "", _parsed(rpc, raw))
    code = grpc.StatusCode.CANCELLED if call.cancelled() else grpc.StatusCode.OK
    return Reply(code, "", _parsed(rpc, raw))


def _parsed(rpc: Rpc, raw: list[bytes]) -> tuple[Message, ...]:
    out = []
    for item in raw:
        try:
            out.append(rpc.response.FromString(item))
        except DecodeError:
            continue
    return tuple(out)


def shown(rpc: Rpc, payload: bytes, limit: int = 400) -> str:
    """The request as text, cut to `limit` characters (its bytes when it does not parse)."""
    try:
        text = str(message_factory.GetMessageClass(rpc.request).FromString(payload))
    except (DecodeError, RecursionError):
        text = repr(payload[:limit])
    text = text.replace("\n", " ")
    return text if len(text) <= limit else f"{text[:limit]}… ({len(payload)} bytes)"
