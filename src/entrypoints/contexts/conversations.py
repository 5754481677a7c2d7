"""The conversations context: threads and their ordered messages."""

from __future__ import annotations

from dependency_injector import providers

from adapters.memory.conversations import MEMORY
from adapters.postgres.conversations import POSTGRES, tables
from domain.conversations import message_reads, messages, thread_reads, threads
from domain.conversations.deps import ConversationDeps
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.conversations import SERVICE


class ConversationsContainer(ContextContainer):
    deps = providers.Singleton(
        ConversationDeps,
        uow=ContextContainer.uow,
        clock=ContextContainer.core.clock,
        ids=ContextContainer.core.ids,
        page_tokens=ContextContainer.core.page_tokens,
    )
    create_thread = providers.Singleton(threads.CreateThread, deps)
    get_thread = providers.Singleton(thread_reads.GetThread, deps)
    list_threads = providers.Singleton(thread_reads.ListThreads, deps)
    update_thread = providers.Singleton(threads.UpdateThread, deps)
    archive_thread = providers.Singleton(threads.ArchiveThread, deps)
    delete_thread = providers.Singleton(threads.DeleteThread, deps)
    append_messages = providers.Singleton(messages.AppendMessages, deps)
    list_messages = providers.Singleton(message_reads.ListMessages, deps)
    get_message = providers.Singleton(message_reads.GetMessage, deps)


CONVERSATIONS = BoundedContext(
    name="conversations",
    container=ConversationsContainer,
    services=(SERVICE,),
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables,),
)
