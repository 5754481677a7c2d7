"""A workspace's shelf of content items through ContentService, for the e2e tests."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.protobuf import struct_pb2

from strata.v1 import content_pb2 as pb
from strata.v1 import content_pb2_grpc
from tests.e2e.harness import Caller, Harness


async def failure(call: Awaitable[Any]) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value


def struct(value: dict[str, Any]) -> struct_pb2.Struct:
    s = struct_pb2.Struct()
    s.update(value)
    return s


@dataclass
class Shelf:
    owner: Caller
    ws: str
    stub: content_pb2_grpc.ContentServiceStub

    async def item(self, title: str = "T", **fields: Any) -> pb.ContentItem:
        req = pb.CreateContentRequest(workspace_id=self.ws, title=title, **fields)
        return (await self.stub.CreateContent(req, metadata=self.owner.md)).item

    async def page(self, **fields: Any) -> pb.ListContentResponse:
        req = pb.ListContentRequest(workspace_id=self.ws, **fields)
        return await self.stub.ListContent(req, metadata=self.owner.md)

    async def titles(self, **fields: Any) -> list[str]:
        return [i.title for i in (await self.page(page_size=100, **fields)).items]


async def new_shelf(harness: Harness) -> Shelf:
    owner = await harness.new_user("editor")
    ws = await harness.new_workspace(owner, "shelf")
    return Shelf(owner, ws, content_pb2_grpc.ContentServiceStub(harness.channel))
