"""The content context: items (and, beside them, each later group's use cases)."""

from __future__ import annotations

from dependency_injector import providers

from adapters.memory.content import MEMORY
from adapters.postgres.content import POSTGRES, tables
from domain.content import item_reads, items, stats
from domain.content.deps import ContentDeps
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.content import SERVICE


class ContentContainer(ContextContainer):
    deps = providers.Singleton(
        ContentDeps,
        uow=ContextContainer.uow,
        clock=ContextContainer.core.clock,
        ids=ContextContainer.core.ids,
        page_tokens=ContextContainer.core.page_tokens,
    )
    # Items
    create_content = providers.Singleton(items.CreateContent, deps)
    get_content = providers.Singleton(item_reads.GetContent, deps)
    update_content = providers.Singleton(items.UpdateContent, deps)
    delete_content = providers.Singleton(items.DeleteContent, deps)
    list_content = providers.Singleton(item_reads.ListContent, deps)
    get_content_stats = providers.Singleton(stats.GetContentStats, deps)


CONTENT = BoundedContext(
    name="content",
    container=ContentContainer,
    services=(SERVICE,),
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables,),
)
