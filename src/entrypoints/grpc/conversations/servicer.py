"""ConversationService: protobuf in, use case, protobuf out — nothing more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import grpc

from domain.conversations import message_reads, messages, thread_reads, threads
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.conversations.messages import (
    message_pb,
    new_messages,
    run_statuses_from,
    status_from,
    statuses_from,
    thread_pb,
)
from entrypoints.grpc.convert import changes_from, from_struct
from strata.v1 import conversations_pb2 as pb
from strata.v1 import conversations_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class ConversationUseCases:
    create_thread: threads.CreateThread
    get_thread: thread_reads.GetThread
    list_threads: thread_reads.ListThreads
    update_thread: threads.UpdateThread
    archive_thread: threads.ArchiveThread
    delete_thread: threads.DeleteThread
    append_messages: messages.AppendMessages
    list_messages: message_reads.ListMessages
    get_message: message_reads.GetMessage


class ConversationServicer(conversations_pb2_grpc.ConversationServiceServicer):
    def __init__(self, uc: ConversationUseCases) -> None:
        self._uc = uc

    async def CreateThread(self, r: pb.CreateThreadRequest, _: Ctx) -> pb.CreateThreadResponse:
        cmd = threads.NewThread(r.workspace_id, r.title, from_struct(r.metadata), r.request_id)
        thread = await self._uc.create_thread.execute(current_principal(), cmd)
        return pb.CreateThreadResponse(thread=thread_pb(thread))

    async def GetThread(self, r: pb.GetThreadRequest, _: Ctx) -> pb.GetThreadResponse:
        thread, totals = await self._uc.get_thread.execute(
            current_principal(), r.workspace_id, r.id
        )
        return pb.GetThreadResponse(
            thread=thread_pb(thread),
            message_count=totals.message_count,
            tokens_used=totals.tokens_used,
        )

    async def ListThreads(self, r: pb.ListThreadsRequest, _: Ctx) -> pb.ListThreadsResponse:
        page = await self._uc.list_threads.execute(
            current_principal(),
            r.workspace_id,
            statuses_from(r.statuses, "statuses"),
            r.owner_id,
            r.page_size,
            r.page_token,
            run_statuses_from(r.run_statuses, "run_statuses"),
        )
        return pb.ListThreadsResponse(
            threads=[thread_pb(t) for t in page.items], next_page_token=page.next_token
        )

    async def UpdateThread(self, r: pb.UpdateThreadRequest, _: Ctx) -> pb.UpdateThreadResponse:
        status = status_from(r.thread.status, "thread.status")
        changes = changes_from(r.thread, r.update_mask, {"status": status})
        thread = await self._uc.update_thread.execute(
            current_principal(), r.thread.workspace_id, r.thread.id, changes, r.thread.etag
        )
        return pb.UpdateThreadResponse(thread=thread_pb(thread))

    async def ArchiveThread(self, r: pb.ArchiveThreadRequest, _: Ctx) -> pb.ArchiveThreadResponse:
        thread = await self._uc.archive_thread.execute(
            current_principal(), r.workspace_id, r.id, r.etag
        )
        return pb.ArchiveThreadResponse(thread=thread_pb(thread))

    async def DeleteThread(self, r: pb.DeleteThreadRequest, _: Ctx) -> pb.DeleteThreadResponse:
        await self._uc.delete_thread.execute(
            current_principal(), r.workspace_id, r.id, r.etag, r.purge
        )
        return pb.DeleteThreadResponse()

    async def AppendMessages(
        self, r: pb.AppendMessagesRequest, _: Ctx
    ) -> pb.AppendMessagesResponse:
        written = await self._uc.append_messages.execute(
            current_principal(),
            r.workspace_id,
            r.thread_id,
            new_messages(r.messages),
            r.request_id,
        )
        return pb.AppendMessagesResponse(messages=[message_pb(m) for m in written])

    async def ListMessages(self, r: pb.ListMessagesRequest, _: Ctx) -> pb.ListMessagesResponse:
        query = message_reads.MessageQuery(
            r.workspace_id,
            r.thread_id,
            r.after,
            r.before,
            newest_first=r.order == pb.MESSAGE_ORDER_DESCENDING,
        )
        page = await self._uc.list_messages.execute(
            current_principal(), query, r.page_size, r.page_token
        )
        return pb.ListMessagesResponse(
            messages=[message_pb(m) for m in page.items], next_page_token=page.next_token
        )

    async def GetMessage(self, r: pb.GetMessageRequest, _: Ctx) -> pb.GetMessageResponse:
        message = await self._uc.get_message.execute(
            current_principal(), r.workspace_id, r.thread_id, r.id
        )
        return pb.GetMessageResponse(message=message_pb(message))
