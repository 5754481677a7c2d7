"""The knowledge context: documents, chunks with embeddings, search and RAG evaluations."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from dependency_injector import providers

from adapters.memory.knowledge import MEMORY
from adapters.postgres.knowledge import POSTGRES, tables
from domain.knowledge import (
    chunks,
    document_reads,
    documents,
    duplicates,
    evaluations,
    searching,
)
from domain.knowledge.deps import KnowledgeDeps, KnowledgeLimits
from domain.knowledge.stream_quota import StreamQuota
from domain.knowledge.text_query import TextRanking
from entrypoints.contexts.registry import BoundedContext, ContextContainer
from entrypoints.grpc.knowledge import SERVICE
from entrypoints.settings import SettingsError


async def embeddings_agree(started: dict[str, Any], config: dict[str, Any]) -> AsyncIterator[None]:
    """The database's embeddings (read at start) must be what the settings say."""
    found = started.get("embedding")
    if found is None:
        yield
        return
    pairs = (
        ("STRATA_EMBEDDING_DIM", config["embedding_dim"], found.dim),
        ("STRATA_EMBEDDING_INDEX", config["embedding_index"], found.kind),
    )
    differ = [f"{var}={mine}" for var, mine, theirs in pairs if mine != theirs]
    if differ:
        raise SettingsError(
            f"the database's embeddings are {found.describe()}, but the settings say "
            f"{' and '.join(differ)}: set STRATA_EMBEDDING_DIM={found.dim} and "
            f"STRATA_EMBEDDING_INDEX={found.kind}, or migrate the database to the new settings",
            tuple(d.split("=")[0] for d in differ),
        )
    yield


async def text_search_agrees(
    started: dict[str, Any], config: dict[str, Any]
) -> AsyncIterator[None]:
    """`chunks.content_tsv` (read at start) must be made as STRATA_TEXT_SEARCH_CONFIG says."""
    found, mine = started.get("text_search_config"), config["text_search_config"]
    if "text_search_config" in started and found != mine:
        raise SettingsError(
            f"the database's full text is made with the text search configuration {found}, "
            f"but the settings say STRATA_TEXT_SEARCH_CONFIG={mine}: set "
            f"STRATA_TEXT_SEARCH_CONFIG={found}, or migrate the database to the new setting",
            ("STRATA_TEXT_SEARCH_CONFIG",),
        )
    yield


class KnowledgeContainer(ContextContainer):
    checked = providers.Resource(
        embeddings_agree, ContextContainer.started, ContextContainer.config
    )
    text_checked = providers.Resource(
        text_search_agrees, ContextContainer.started, ContextContainer.config
    )
    deps = providers.Singleton(
        KnowledgeDeps,
        uow=ContextContainer.uow,
        clock=ContextContainer.core.clock,
        ids=ContextContainer.core.ids,
        page_tokens=ContextContainer.core.page_tokens,
        embedding_dim=ContextContainer.config.embedding_dim.as_int(),
        limits=providers.Factory(
            KnowledgeLimits, max_stream_pause_seconds=ContextContainer.config.stream_idle_seconds
        ),
        ranking=providers.Factory(
            TextRanking,
            k1=ContextContainer.config.bm25_k1,
            b=ContextContainer.config.bm25_b,
            config=ContextContainer.config.text_search_config,
        ),
    )
    stream_quota = providers.Singleton(
        StreamQuota,
        per_caller=ContextContainer.config.max_streams_per_caller,
        total=ContextContainer.config.max_open_streams,
    )
    create_document = providers.Singleton(documents.CreateDocument, deps)
    get_document = providers.Singleton(document_reads.GetDocument, deps)
    list_documents = providers.Singleton(document_reads.ListDocuments, deps)
    update_document = providers.Singleton(documents.UpdateDocument, deps)
    set_document_status = providers.Singleton(documents.SetDocumentStatus, deps)
    delete_document = providers.Singleton(documents.DeleteDocument, deps)
    upsert_chunks = providers.Singleton(chunks.UpsertChunks, deps)
    upsert_chunks_stream = providers.Singleton(chunks.UpsertChunksStream, deps, stream_quota)
    search_chunks = providers.Singleton(searching.SearchChunks, deps)
    find_similar_documents = providers.Singleton(duplicates.FindSimilarDocuments, deps)
    check_duplicate = providers.Singleton(duplicates.CheckDuplicate, deps)
    record_evaluation = providers.Singleton(evaluations.RecordEvaluation, deps)
    set_evaluation_feedback = providers.Singleton(evaluations.SetEvaluationFeedback, deps)
    list_evaluations = providers.Singleton(evaluations.ListEvaluations, deps)
    get_evaluation_stats = providers.Singleton(evaluations.GetEvaluationStats, deps)


def _settings(settings: Any) -> dict[str, Any]:
    knowledge = settings.knowledge
    return {
        "embedding_dim": knowledge.embedding_dim,
        "embedding_index": knowledge.embedding_index_kind,
        "stream_idle_seconds": knowledge.stream_idle_seconds,
        "max_streams_per_caller": knowledge.max_streams_per_caller,
        "bm25_k1": knowledge.bm25_k1,
        "bm25_b": knowledge.bm25_b,
        "text_search_config": knowledge.text_search_config,
        "max_open_streams": settings.database.max_open_streams(),
    }


KNOWLEDGE = BoundedContext(
    name="knowledge",
    container=KnowledgeContainer,
    services=(SERVICE,),
    settings=_settings,
    memory=MEMORY,
    postgres=POSTGRES,
    tables=(tables,),
)
