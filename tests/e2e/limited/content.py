"""What a key limited to workspace A gets from each RPC of ContentService."""

from __future__ import annotations

from typing import Any

from strata.v1 import content_pb2 as cpb
from strata.v1 import content_pb2_grpc
from tests.e2e.limited.requests import Case, in_a_not_b, mask, ws_call
from tests.e2e.limited.scene import Scene

CS = "/strata.v1.ContentService/"


async def _item(s: Scene, ws: str) -> cpb.ContentItem:
    stub = content_pb2_grpc.ContentServiceStub(s.h.channel)
    req = cpb.CreateContentRequest(workspace_id=s.ws[ws], title="T")
    return (await stub.CreateContent(req, metadata=s.owner(ws).md)).item


def on_item(kind: type[Any], **fields: Any) -> list[Case]:
    async def build(s: Scene, ws: str) -> Any:
        item = await _item(s, ws)
        return kind(workspace_id=item.workspace_id, id=item.id, **fields)

    return in_a_not_b(build)


async def _update(s: Scene, ws: str) -> cpb.UpdateContentRequest:
    item = await _item(s, ws)
    changed = cpb.ContentItem(workspace_id=item.workspace_id, id=item.id, title="T2")
    return cpb.UpdateContentRequest(item=changed, update_mask=mask("title"))


ROWS: dict[str, list[Case]] = {
    CS + "CreateContent": ws_call(cpb.CreateContentRequest, title="T"),
    CS + "GetContent": on_item(cpb.GetContentRequest),
    CS + "UpdateContent": in_a_not_b(_update),
    CS + "DeleteContent": on_item(cpb.DeleteContentRequest),
    CS + "ListContent": ws_call(cpb.ListContentRequest),
    CS + "GetContentStats": ws_call(cpb.GetContentStatsRequest),
}
