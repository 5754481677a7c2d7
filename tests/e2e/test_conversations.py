"""ConversationService through real stubs on both storages: threads, messages, roles."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import grpc
import pytest
from google.protobuf import field_mask_pb2

from strata.v1 import common_pb2, conversations_pb2_grpc
from strata.v1 import conversations_pb2 as pb
from tests.e2e.harness import Caller, Harness, violations

pytestmark = [pytest.mark.e2e]
OK = grpc.StatusCode.OK


async def failure(call: Awaitable[Any]) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as info:
        await call
    return info.value


@dataclass
class Talk:
    h: Harness
    owner: Caller
    ws: str
    stub: conversations_pb2_grpc.ConversationServiceStub

    async def thread(self, who: Caller | None = None, **fields: Any) -> pb.Thread:
        req = pb.CreateThreadRequest(workspace_id=self.ws, **fields)
        return (await self.stub.CreateThread(req, metadata=(who or self.owner).md)).thread

    async def say(self, thread: pb.Thread, *texts: str, who: Caller | None = None) -> list[Any]:
        said = [pb.NewMessage(role=pb.MESSAGE_ROLE_USER, content=t, tokens_used=2) for t in texts]
        req = pb.AppendMessagesRequest(workspace_id=self.ws, thread_id=thread.id, messages=said)
        return list((await self.stub.AppendMessages(req, metadata=(who or self.owner).md)).messages)

    async def read(self, thread: pb.Thread, page_size: int = 0, **fields: Any) -> list[str]:
        out, token = [], ""
        while True:
            req = pb.ListMessagesRequest(
                workspace_id=self.ws,
                thread_id=thread.id,
                page_size=page_size,
                page_token=token,
                **fields,
            )
            r = await self.stub.ListMessages(req, metadata=self.owner.md)
            out += [m.content for m in r.messages]
            if not (token := r.next_page_token):
                return out


@pytest.fixture
async def talk(harness: Harness) -> Talk:
    owner = await harness.new_user("talker")
    ws = await harness.new_workspace(owner, "talk")
    return Talk(harness, owner, ws, conversations_pb2_grpc.ConversationServiceStub(harness.channel))


async def test_a_conversation_reads_back_in_order_from_either_side(talk: Talk) -> None:
    thread = await talk.thread(title="Plans")
    written = await talk.say(thread, *"abcdef")
    assert [m.sequence for m in written] == [1, 2, 3, 4, 5, 6]
    middle = written[2].id  # "c"
    assert await talk.read(thread, 4) == list("abcdef")
    assert await talk.read(thread, 2, after=middle) == list("def")
    assert await talk.read(thread, 1, before=middle, order=pb.MESSAGE_ORDER_DESCENDING) == list(
        "ba"
    )
    got = await talk.stub.GetThread(
        pb.GetThreadRequest(workspace_id=talk.ws, id=thread.id), metadata=talk.owner.md
    )
    assert (got.message_count, got.tokens_used) == (6, 12)
    assert got.thread.update_time.ToDatetime() >= thread.update_time.ToDatetime()


async def test_a_retried_create_returns_the_first_thread(talk: Talk) -> None:
    first = await talk.thread(title="T", request_id="same")
    again = await talk.thread(title="T", request_id="same")
    assert again.id == first.id


async def test_threads_list_by_latest_activity(talk: Talk) -> None:
    older = await talk.thread(title="older")
    newer = await talk.thread(title="newer")
    await asyncio.sleep(0.01)
    await talk.say(older, "bump")
    r = await talk.stub.ListThreads(
        pb.ListThreadsRequest(workspace_id=talk.ws, page_size=1), metadata=talk.owner.md
    )
    assert [t.id for t in r.threads] == [older.id] and r.next_page_token
    r = await talk.stub.ListThreads(
        pb.ListThreadsRequest(workspace_id=talk.ws, page_size=1, page_token=r.next_page_token),
        metadata=talk.owner.md,
    )
    assert [t.id for t in r.threads] == [newer.id]


async def test_bad_input_names_its_field_before_the_database(talk: Talk) -> None:
    err = await failure(talk.thread(title="x" * 256))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and "title" in violations(err)
    thread = await talk.thread()
    req = pb.ListMessagesRequest(workspace_id=talk.ws, thread_id=thread.id, after="nope")
    err = await failure(talk.stub.ListMessages(req, metadata=talk.owner.md))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT and "after" in violations(err)
    no_role = pb.AppendMessagesRequest(
        workspace_id=talk.ws, thread_id=thread.id, messages=[pb.NewMessage(content="x")]
    )
    err = await failure(talk.stub.AppendMessages(no_role, metadata=talk.owner.md))
    assert "messages[0].role" in violations(err)


async def test_roles_viewers_read_members_write_their_own_admins_purge(talk: Talk) -> None:
    h = talk.h
    viewer, member = await h.new_user("viewer"), await h.new_user("member")
    await h.add(talk.owner, talk.ws, viewer, common_pb2.ROLE_VIEWER)
    await h.add(talk.owner, talk.ws, member, common_pb2.ROLE_MEMBER)
    owners = await talk.thread(title="owner's")
    err = await failure(talk.thread(who=viewer))
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED
    err = await failure(talk.say(owners, "hi", who=member))
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED
    mine = await talk.thread(who=member)
    await talk.say(mine, "mine", who=member)
    purge = pb.DeleteThreadRequest(workspace_id=talk.ws, id=mine.id, purge=True)
    err = await failure(talk.stub.DeleteThread(purge, metadata=member.md))
    assert err.code() == grpc.StatusCode.PERMISSION_DENIED
    await talk.stub.DeleteThread(purge, metadata=talk.owner.md)
    get = pb.GetThreadRequest(workspace_id=talk.ws, id=mine.id)
    err = await failure(talk.stub.GetThread(get, metadata=viewer.md))
    assert err.code() == grpc.StatusCode.NOT_FOUND


async def test_another_workspaces_thread_is_not_found(talk: Talk) -> None:
    thread = await talk.thread()
    stranger = await talk.h.new_user("stranger")
    theirs = await talk.h.new_workspace(stranger, "theirs")
    for ws in (talk.ws, theirs):
        req = pb.GetThreadRequest(workspace_id=ws, id=thread.id)
        err = await failure(talk.stub.GetThread(req, metadata=stranger.md))
        assert err.code() == grpc.StatusCode.NOT_FOUND


async def test_an_archived_thread_refuses_messages_until_reactivated(talk: Talk) -> None:
    thread = await talk.thread()
    archived = await talk.stub.ArchiveThread(
        pb.ArchiveThreadRequest(workspace_id=talk.ws, id=thread.id), metadata=talk.owner.md
    )
    assert archived.thread.status == pb.THREAD_STATUS_ARCHIVED
    err = await failure(talk.say(thread, "late"))
    assert err.code() == grpc.StatusCode.FAILED_PRECONDITION
    update = pb.UpdateThreadRequest(
        thread=pb.Thread(
            workspace_id=talk.ws,
            id=thread.id,
            status=pb.THREAD_STATUS_ACTIVE,
            etag=archived.thread.etag,
        ),
        update_mask=field_mask_pb2.FieldMask(paths=["status"]),
    )
    await talk.stub.UpdateThread(update, metadata=talk.owner.md)
    assert [m.content for m in await talk.say(thread, "back")] == ["back"]
    err = await failure(talk.stub.UpdateThread(update, metadata=talk.owner.md))
    assert err.code() == grpc.StatusCode.ABORTED


async def test_concurrent_appends_to_one_thread_never_share_a_sequence(talk: Talk) -> None:
    thread = await talk.thread()
    batches = await asyncio.gather(*(talk.say(thread, f"{i}a", f"{i}b") for i in range(8)))
    sequences = sorted(m.sequence for batch in batches for m in batch)
    assert sequences == list(range(1, 17))
    for batch in batches:
        assert batch[1].sequence == batch[0].sequence + 1
