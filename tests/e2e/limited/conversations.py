"""What a key limited to workspace A gets from each RPC of ConversationService."""

from __future__ import annotations

from typing import Any

from strata.v1 import conversations_pb2 as cpb
from strata.v1 import conversations_pb2_grpc
from tests.e2e.limited.requests import Case, in_a_not_b, mask, ws_call
from tests.e2e.limited.scene import Scene

CS = "/strata.v1.ConversationService/"
SAID = [cpb.NewMessage(role=cpb.MESSAGE_ROLE_USER, content="hello")]


async def _thread(s: Scene, ws: str) -> cpb.Thread:
    stub = conversations_pb2_grpc.ConversationServiceStub(s.h.channel)
    req = cpb.CreateThreadRequest(workspace_id=s.ws[ws], title="T")
    return (await stub.CreateThread(req, metadata=s.owner(ws).md)).thread


async def _message(s: Scene, ws: str) -> cpb.Message:
    stub = conversations_pb2_grpc.ConversationServiceStub(s.h.channel)
    thread = await _thread(s, ws)
    req = cpb.AppendMessagesRequest(workspace_id=s.ws[ws], thread_id=thread.id, messages=SAID)
    return (await stub.AppendMessages(req, metadata=s.owner(ws).md)).messages[0]


def on_thread(kind: type[Any], id_field: str = "id", **fields: Any) -> list[Case]:
    async def build(s: Scene, ws: str) -> Any:
        thread = await _thread(s, ws)
        return kind(workspace_id=thread.workspace_id, **{id_field: thread.id}, **fields)

    return in_a_not_b(build)


async def _update(s: Scene, ws: str) -> cpb.UpdateThreadRequest:
    thread = await _thread(s, ws)
    changed = cpb.Thread(workspace_id=thread.workspace_id, id=thread.id, title="T2")
    return cpb.UpdateThreadRequest(thread=changed, update_mask=mask("title"))


async def _get_message(s: Scene, ws: str) -> cpb.GetMessageRequest:
    message = await _message(s, ws)
    return cpb.GetMessageRequest(workspace_id=s.ws[ws], thread_id=message.thread_id, id=message.id)


ROWS: dict[str, list[Case]] = {
    CS + "CreateThread": ws_call(cpb.CreateThreadRequest, title="T"),
    CS + "GetThread": on_thread(cpb.GetThreadRequest),
    CS + "ListThreads": ws_call(cpb.ListThreadsRequest),
    CS + "UpdateThread": in_a_not_b(_update),
    CS + "ArchiveThread": on_thread(cpb.ArchiveThreadRequest),
    CS + "DeleteThread": on_thread(cpb.DeleteThreadRequest, purge=True),
    CS + "AppendMessages": on_thread(cpb.AppendMessagesRequest, "thread_id", messages=SAID),
    CS + "ListMessages": on_thread(cpb.ListMessagesRequest, "thread_id"),
    CS + "GetMessage": in_a_not_b(_get_message),
}
