"""What a key limited to workspace A gets from each RPC of KnowledgeService."""

from __future__ import annotations

from strata.v1 import knowledge_pb2 as kpb
from tests.e2e.limited.requests import (
    Case,
    feedback,
    in_a_not_b,
    on_doc,
    update_doc,
    ws_call,
)
from tests.e2e.limited.scene import UNIT

KN = "/strata.v1.KnowledgeService/"
CHUNKS = [kpb.Chunk(ordinal=0, content="hello", embedding=UNIT)]

ROWS: dict[str, list[Case]] = {
    KN + "CreateDocument": ws_call(kpb.CreateDocumentRequest, title="T"),
    KN + "GetDocument": in_a_not_b(lambda s, w: on_doc(s, w, kpb.GetDocumentRequest)),
    KN + "ListDocuments": ws_call(kpb.ListDocumentsRequest),
    KN + "UpdateDocument": in_a_not_b(update_doc),
    KN + "SetDocumentStatus": in_a_not_b(
        lambda s, w: on_doc(
            s, w, kpb.SetDocumentStatusRequest, status=kpb.DOCUMENT_STATUS_PROCESSING
        )
    ),
    KN + "DeleteDocument": in_a_not_b(lambda s, w: on_doc(s, w, kpb.DeleteDocumentRequest)),
    KN + "UpsertChunks": in_a_not_b(
        lambda s, w: on_doc(s, w, kpb.UpsertChunksRequest, "document_id", chunks=CHUNKS)
    ),
    KN + "UpsertChunksStream": in_a_not_b(
        lambda s, w: on_doc(s, w, kpb.UpsertChunksStreamRequest, "document_id", chunks=CHUNKS)
    ),
    KN + "SearchChunks": ws_call(kpb.SearchChunksRequest, query_text="hello"),
    KN + "FindSimilarDocuments": ws_call(kpb.FindSimilarDocumentsRequest, embedding=UNIT),
    KN + "CheckDuplicate": ws_call(kpb.CheckDuplicateRequest, url="https://example.com/x"),
    KN + "RecordEvaluation": ws_call(kpb.RecordEvaluationRequest, query="q", response="r"),
    KN + "SetEvaluationFeedback": in_a_not_b(feedback),
    KN + "ListEvaluations": ws_call(kpb.ListEvaluationsRequest),
    KN + "GetEvaluationStats": ws_call(kpb.GetEvaluationStatsRequest),
}
