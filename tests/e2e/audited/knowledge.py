"""The audit entry each RPC of KnowledgeService leaves, called by the scene's owner."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from google.protobuf import field_mask_pb2

from strata.v1 import knowledge_pb2 as KN
from strata.v1 import knowledge_pb2_grpc
from tests.e2e.audited.scene import OK, Call, Row, Scene

VEC = [1.0] * 1536


def _kn_stub(s: Scene) -> knowledge_pb2_grpc.KnowledgeServiceStub:
    return knowledge_pb2_grpc.KnowledgeServiceStub(s.h.channel)


async def _doc_id(s: Scene) -> str:
    r = await _kn_stub(s).CreateDocument(
        KN.CreateDocumentRequest(workspace_id=s.ws, title="d"), metadata=s.owner.md
    )
    return str(r.document.id)


async def _run_id(s: Scene) -> str:
    r = await _kn_stub(s).RecordEvaluation(
        KN.RecordEvaluationRequest(workspace_id=s.ws, query="q"), metadata=s.owner.md
    )
    return str(r.evaluation.id)


def _kn(rpc: str, needs: Callable[[Scene], Awaitable[str]] | None = None, **fields: Any) -> Call:
    """A knowledge call in the scene's workspace; `needs` makes the resource it names first."""

    async def call(s: Scene, rid: str) -> Any:
        named = {"id": await needs(s)} if needs else {}
        request = getattr(KN, f"{rpc}Request")(workspace_id=s.ws, **named, **fields)
        return await getattr(_kn_stub(s), rpc)(request, metadata=s.md(s.owner, rid))

    return call


async def _update_doc(s: Scene, rid: str) -> Any:
    req = KN.UpdateDocumentRequest(
        document=KN.Document(workspace_id=s.ws, id=await _doc_id(s), title="t"),
        update_mask=field_mask_pb2.FieldMask(paths=["title"]),
    )
    return await _kn_stub(s).UpdateDocument(req, metadata=s.md(s.owner, rid))


async def _upsert(s: Scene, rid: str) -> Any:
    chunk = KN.Chunk(ordinal=0, content="c", embedding=VEC)
    req = KN.UpsertChunksRequest(workspace_id=s.ws, document_id=await _doc_id(s), chunks=[chunk])
    return await _kn_stub(s).UpsertChunks(req, metadata=s.md(s.owner, rid))


async def _upsert_stream(s: Scene, rid: str) -> Any:
    doc = await _doc_id(s)
    chunk = KN.Chunk(ordinal=0, content="c", embedding=VEC)
    messages = [
        KN.UpsertChunksStreamRequest(workspace_id=s.ws, document_id=doc),
        KN.UpsertChunksStreamRequest(chunks=[chunk]),
    ]
    return await _kn_stub(s).UpsertChunksStream(iter(messages), metadata=s.md(s.owner, rid))


ROWS: dict[str, Row] = {
    "KnowledgeService/CreateDocument": (_kn("CreateDocument", title="t"), OK),
    "KnowledgeService/GetDocument": (_kn("GetDocument", _doc_id), OK),
    "KnowledgeService/ListDocuments": (_kn("ListDocuments"), OK),
    "KnowledgeService/UpdateDocument": (_update_doc, OK),
    "KnowledgeService/SetDocumentStatus": (
        _kn("SetDocumentStatus", _doc_id, status=KN.DOCUMENT_STATUS_PROCESSING),
        OK,
    ),
    "KnowledgeService/DeleteDocument": (_kn("DeleteDocument", _doc_id), OK),
    "KnowledgeService/UpsertChunks": (_upsert, OK),
    "KnowledgeService/UpsertChunksStream": (_upsert_stream, OK),
    "KnowledgeService/SearchChunks": (_kn("SearchChunks", query_embedding=VEC), OK),
    "KnowledgeService/FindSimilarDocuments": (_kn("FindSimilarDocuments", embedding=VEC), OK),
    "KnowledgeService/CheckDuplicate": (_kn("CheckDuplicate", url="https://example.com/a"), OK),
    "KnowledgeService/RecordEvaluation": (_kn("RecordEvaluation", query="q"), OK),
    "KnowledgeService/SetEvaluationFeedback": (
        _kn("SetEvaluationFeedback", _run_id, feedback=KN.FEEDBACK_THUMBS_UP),
        OK,
    ),
    "KnowledgeService/ListEvaluations": (_kn("ListEvaluations"), OK),
    "KnowledgeService/GetEvaluationStats": (_kn("GetEvaluationStats"), OK),
}
