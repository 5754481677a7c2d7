"""The audit entry each RPC of ConversationService leaves, called by the scene's owner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from google.protobuf import field_mask_pb2

from strata.v1 import conversations_pb2 as CV
from strata.v1 import conversations_pb2_grpc
from tests.e2e.audited.scene import OK, Call, Row, Scene

SAID = [CV.NewMessage(role=CV.MESSAGE_ROLE_USER, content="hello")]


def _stub(s: Scene) -> conversations_pb2_grpc.ConversationServiceStub:
    return conversations_pb2_grpc.ConversationServiceStub(s.h.channel)


async def _thread_id(s: Scene) -> str:
    r = await _stub(s).CreateThread(
        CV.CreateThreadRequest(workspace_id=s.ws, title="t"), metadata=s.owner.md
    )
    return str(r.thread.id)


def _cv(
    rpc: str, needs: Callable[[Scene], Awaitable[str]] | None = None, field: str = "id", **kw: Any
) -> Call:
    """A conversation call in the scene's workspace; `needs` makes the thread it names."""

    async def call(s: Scene, rid: str) -> Any:
        named = {field: await needs(s)} if needs else {}
        request = getattr(CV, f"{rpc}Request")(workspace_id=s.ws, **named, **kw)
        return await getattr(_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


async def _update(s: Scene, rid: str) -> Any:
    req = CV.UpdateThreadRequest(
        thread=CV.Thread(workspace_id=s.ws, id=await _thread_id(s), title="t2"),
        update_mask=field_mask_pb2.FieldMask(paths=["title"]),
    )
    return await _stub(s).UpdateThread(req, metadata=s.md(s.owner, rid))


async def _get_message(s: Scene, rid: str) -> Any:
    thread = await _thread_id(s)
    appended = await _stub(s).AppendMessages(
        CV.AppendMessagesRequest(workspace_id=s.ws, thread_id=thread, messages=SAID),
        metadata=s.owner.md,
    )
    req = CV.GetMessageRequest(workspace_id=s.ws, thread_id=thread, id=appended.messages[0].id)
    return await _stub(s).GetMessage(req, metadata=s.md(s.owner, rid))


ROWS: dict[str, Row] = {
    "ConversationService/CreateThread": (_cv("CreateThread", title="t"), OK),
    "ConversationService/GetThread": (_cv("GetThread", _thread_id), OK),
    "ConversationService/ListThreads": (_cv("ListThreads"), OK),
    "ConversationService/UpdateThread": (_update, OK),
    "ConversationService/ArchiveThread": (_cv("ArchiveThread", _thread_id), OK),
    "ConversationService/DeleteThread": (_cv("DeleteThread", _thread_id, purge=True), OK),
    "ConversationService/AppendMessages": (
        _cv("AppendMessages", _thread_id, "thread_id", messages=SAID),
        OK,
    ),
    "ConversationService/ListMessages": (_cv("ListMessages", _thread_id, "thread_id"), OK),
    "ConversationService/GetMessage": (_get_message, OK),
}
