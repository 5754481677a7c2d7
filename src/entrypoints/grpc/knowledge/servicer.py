"""KnowledgeService: protobuf in, use case, protobuf out — nothing more."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import grpc

from domain.knowledge import (
    chunks,
    document_reads,
    documents,
    duplicates,
    evaluations,
    searching,
)
from entrypoints.grpc.context import current_principal
from entrypoints.grpc.convert import changes_from, from_struct
from entrypoints.grpc.knowledge.messages import (
    chunk_batch,
    daily_pb,
    document_pb,
    duplicate_pb,
    evaluation_pb,
    feedback_from,
    kind_from,
    kinds_from,
    mode_from,
    mode_pb,
    new_chunks,
    status_from,
    statuses_from,
    time_from,
)
from entrypoints.grpc.knowledge.search_messages import fusion_from, fusion_pb, hit_pb
from ports.knowledge import DocumentFilter, EvaluationFilter
from strata.v1 import knowledge_pb2 as pb
from strata.v1 import knowledge_pb2_grpc

Ctx = grpc.aio.ServicerContext[Any, Any]


@dataclass(frozen=True)
class KnowledgeUseCases:
    create_document: documents.CreateDocument
    get_document: document_reads.GetDocument
    list_documents: document_reads.ListDocuments
    update_document: documents.UpdateDocument
    set_document_status: documents.SetDocumentStatus
    delete_document: documents.DeleteDocument
    upsert_chunks: chunks.UpsertChunks
    upsert_chunks_stream: chunks.UpsertChunksStream
    search_chunks: searching.SearchChunks
    find_similar_documents: duplicates.FindSimilarDocuments
    check_duplicate: duplicates.CheckDuplicate
    record_evaluation: evaluations.RecordEvaluation
    set_evaluation_feedback: evaluations.SetEvaluationFeedback
    list_evaluations: evaluations.ListEvaluations
    get_evaluation_stats: evaluations.GetEvaluationStats


def _optional(message: Any, name: str) -> Any:
    return getattr(message, name) if message.HasField(name) else None


class KnowledgeServicer(knowledge_pb2_grpc.KnowledgeServiceServicer):
    def __init__(self, uc: KnowledgeUseCases) -> None:
        self._uc = uc

    async def CreateDocument(
        self, r: pb.CreateDocumentRequest, _: Ctx
    ) -> pb.CreateDocumentResponse:
        cmd = documents.NewDocument(
            workspace_id=r.workspace_id,
            title=r.title,
            kind=kind_from(r.kind),
            source_url=r.source_url,
            mime_type=r.mime_type,
            size_bytes=r.size_bytes,
            storage_key=r.storage_key,
            content_hash=r.content_hash,
            metadata=from_struct(r.metadata),
            embedding=list(r.embedding),
            refuse_duplicates=r.refuse_duplicates,
            duplicate_threshold=_optional(r, "duplicate_threshold"),
            request_id=r.request_id,
        )
        doc = await self._uc.create_document.execute(current_principal(), cmd)
        return pb.CreateDocumentResponse(document=document_pb(doc))

    async def GetDocument(self, r: pb.GetDocumentRequest, _: Ctx) -> pb.GetDocumentResponse:
        doc, count = await self._uc.get_document.execute(current_principal(), r.workspace_id, r.id)
        return pb.GetDocumentResponse(
            document=document_pb(doc, r.include_embedding), chunk_count=count
        )

    async def ListDocuments(self, r: pb.ListDocumentsRequest, _: Ctx) -> pb.ListDocumentsResponse:
        filt = DocumentFilter(
            workspace_id=r.workspace_id,
            kinds=kinds_from(r.kinds, "kinds"),
            statuses=statuses_from(r.statuses, "statuses"),
            metadata=from_struct(r.metadata),
            created_after=time_from(r, "created_after"),
            created_before=time_from(r, "created_before"),
        )
        page = await self._uc.list_documents.execute(
            current_principal(), filt, r.page_size, r.page_token
        )
        return pb.ListDocumentsResponse(
            documents=[document_pb(d) for d in page.items], next_page_token=page.next_token
        )

    async def UpdateDocument(
        self, r: pb.UpdateDocumentRequest, _: Ctx
    ) -> pb.UpdateDocumentResponse:
        changes = changes_from(r.document, r.update_mask, {"embedding": list(r.document.embedding)})
        doc = await self._uc.update_document.execute(
            current_principal(), r.document.workspace_id, r.document.id, changes, r.document.etag
        )
        return pb.UpdateDocumentResponse(document=document_pb(doc))

    async def SetDocumentStatus(
        self, r: pb.SetDocumentStatusRequest, _: Ctx
    ) -> pb.SetDocumentStatusResponse:
        doc = await self._uc.set_document_status.execute(
            current_principal(),
            r.workspace_id,
            r.id,
            status_from(r.status),
            r.error_message,
            r.etag,
        )
        return pb.SetDocumentStatusResponse(document=document_pb(doc))

    async def DeleteDocument(
        self, r: pb.DeleteDocumentRequest, _: Ctx
    ) -> pb.DeleteDocumentResponse:
        await self._uc.delete_document.execute(current_principal(), r.workspace_id, r.id, r.etag)
        return pb.DeleteDocumentResponse()

    async def UpsertChunks(self, r: pb.UpsertChunksRequest, _: Ctx) -> pb.UpsertChunksResponse:
        count = await self._uc.upsert_chunks.execute(
            current_principal(), r.workspace_id, r.document_id, new_chunks(r.chunks)
        )
        return pb.UpsertChunksResponse(document_id=r.document_id, chunk_count=count)

    async def UpsertChunksStream(
        self, requests: AsyncIterator[pb.UpsertChunksStreamRequest], _: Ctx
    ) -> pb.UpsertChunksStreamResponse:
        batches = (chunk_batch(r) async for r in requests)
        principal = current_principal()
        document_id, count = await self._uc.upsert_chunks_stream.execute(principal, batches)
        return pb.UpsertChunksStreamResponse(document_id=document_id, chunk_count=count)

    async def SearchChunks(self, r: pb.SearchChunksRequest, _: Ctx) -> pb.SearchChunksResponse:
        query = searching.SearchQuery(
            workspace_id=r.workspace_id,
            embedding=list(r.query_embedding),
            text=r.query_text,
            mode=mode_from(r.mode),
            top_k=r.top_k,
            min_similarity=_optional(r, "min_similarity"),
            document_ids=tuple(r.document_ids),
            document_kinds=kinds_from(r.document_kinds, "document_kinds"),
            document_statuses=statuses_from(r.document_statuses, "document_statuses"),
            document_metadata=from_struct(r.document_metadata),
            chunk_metadata=from_struct(r.chunk_metadata),
            ef_search=r.ef_search,
            rrf_k=r.rrf_k,
            vector_weight=_optional(r, "vector_weight"),
            text_weight=_optional(r, "text_weight"),
            include_embeddings=r.include_embeddings,
            fusion=fusion_from(r.fusion),
            alpha=_optional(r, "alpha"),
            candidates=r.candidates,
            explain=r.explain,
            require_phrases=r.require_phrases,
        )
        answer = await self._uc.search_chunks.execute(current_principal(), query)
        return pb.SearchChunksResponse(
            results=[hit_pb(h, r.include_embeddings) for h in answer.hits],
            mode=mode_pb(answer.mode),
            fusion=fusion_pb(answer.fusion),
        )

    async def FindSimilarDocuments(
        self, r: pb.FindSimilarDocumentsRequest, _: Ctx
    ) -> pb.FindSimilarDocumentsResponse:
        found = await self._uc.find_similar_documents.execute(
            current_principal(),
            r.workspace_id,
            list(r.embedding),
            _optional(r, "threshold"),
            r.limit,
        )
        return pb.FindSimilarDocumentsResponse(
            documents=[
                pb.SimilarDocument(document=document_pb(s.document), similarity=s.similarity)
                for s in found
            ]
        )

    async def CheckDuplicate(
        self, r: pb.CheckDuplicateRequest, _: Ctx
    ) -> pb.CheckDuplicateResponse:
        found = await self._uc.check_duplicate.execute(
            current_principal(), r.workspace_id, r.url, list(r.embedding), _optional(r, "threshold")
        )
        if found is None:
            return pb.CheckDuplicateResponse(is_duplicate=False)
        return pb.CheckDuplicateResponse(
            is_duplicate=True,
            kind=duplicate_pb(found.kind),
            document=document_pb(found.document),
            similarity=found.similarity,
        )

    async def RecordEvaluation(
        self, r: pb.RecordEvaluationRequest, _: Ctx
    ) -> pb.RecordEvaluationResponse:
        cmd = evaluations.NewEvaluation(
            workspace_id=r.workspace_id,
            query=r.query,
            response=r.response,
            sources=[from_struct(s) for s in r.sources],
            latency_ms=r.latency_ms,
            token_count=r.token_count,
            quality_score=_optional(r, "quality_score"),
            metadata=from_struct(r.metadata),
            request_id=r.request_id,
        )
        run = await self._uc.record_evaluation.execute(current_principal(), cmd)
        return pb.RecordEvaluationResponse(evaluation=evaluation_pb(run))

    async def SetEvaluationFeedback(
        self, r: pb.SetEvaluationFeedbackRequest, _: Ctx
    ) -> pb.SetEvaluationFeedbackResponse:
        run = await self._uc.set_evaluation_feedback.execute(
            current_principal(), r.workspace_id, r.id, feedback_from(r.feedback)
        )
        return pb.SetEvaluationFeedbackResponse(evaluation=evaluation_pb(run))

    async def ListEvaluations(
        self, r: pb.ListEvaluationsRequest, _: Ctx
    ) -> pb.ListEvaluationsResponse:
        filt = EvaluationFilter(
            workspace_id=r.workspace_id,
            user_id=r.user_id or None,
            feedback=feedback_from(r.feedback),
            start=time_from(r, "start_time"),
            end=time_from(r, "end_time"),
        )
        page = await self._uc.list_evaluations.execute(
            current_principal(), filt, r.page_size, r.page_token
        )
        return pb.ListEvaluationsResponse(
            evaluations=[evaluation_pb(e) for e in page.items], next_page_token=page.next_token
        )

    async def GetEvaluationStats(
        self, r: pb.GetEvaluationStatsRequest, _: Ctx
    ) -> pb.GetEvaluationStatsResponse:
        filt = EvaluationFilter(
            workspace_id=r.workspace_id,
            user_id=r.user_id or None,
            start=time_from(r, "start_time"),
            end=time_from(r, "end_time"),
        )
        days = await self._uc.get_evaluation_stats.execute(current_principal(), filt)
        return pb.GetEvaluationStatsResponse(days=[daily_pb(d) for d in days])
