"""The audit entry each RPC of ContentService leaves, called by the scene's owner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from google.protobuf import field_mask_pb2

from strata.v1 import content_pb2 as CT
from strata.v1 import content_pb2_grpc
from tests.e2e.audited.scene import OK, Call, Row, Scene


def _stub(s: Scene) -> content_pb2_grpc.ContentServiceStub:
    return content_pb2_grpc.ContentServiceStub(s.h.channel)


async def _item_id(s: Scene) -> str:
    r = await _stub(s).CreateContent(
        CT.CreateContentRequest(workspace_id=s.ws, title="t"), metadata=s.owner.md
    )
    return str(r.item.id)


def _ct(rpc: str, needs: Callable[[Scene], Awaitable[str]] | None = None, **kw: Any) -> Call:
    """A content call in the scene's workspace; `needs` makes the item it names."""

    async def call(s: Scene, rid: str) -> Any:
        named = {"id": await needs(s)} if needs else {}
        request = getattr(CT, f"{rpc}Request")(workspace_id=s.ws, **named, **kw)
        return await getattr(_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


async def _update(s: Scene, rid: str) -> Any:
    req = CT.UpdateContentRequest(
        item=CT.ContentItem(workspace_id=s.ws, id=await _item_id(s), title="t2"),
        update_mask=field_mask_pb2.FieldMask(paths=["title"]),
    )
    return await _stub(s).UpdateContent(req, metadata=s.md(s.owner, rid))


ROWS: dict[str, Row] = {
    "ContentService/CreateContent": (_ct("CreateContent", title="t"), OK),
    "ContentService/GetContent": (_ct("GetContent", _item_id), OK),
    "ContentService/UpdateContent": (_update, OK),
    "ContentService/DeleteContent": (_ct("DeleteContent", _item_id), OK),
    "ContentService/ListContent": (_ct("ListContent"), OK),
    "ContentService/GetContentStats": (_ct("GetContentStats"), OK),
}
