import datetime

from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from strata.v1 import field_limits_pb2 as _field_limits_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DocumentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOCUMENT_KIND_UNSPECIFIED: _ClassVar[DocumentKind]
    DOCUMENT_KIND_DOCUMENT: _ClassVar[DocumentKind]
    DOCUMENT_KIND_DATASET: _ClassVar[DocumentKind]
    DOCUMENT_KIND_CONFIGURATION: _ClassVar[DocumentKind]
    DOCUMENT_KIND_MODEL: _ClassVar[DocumentKind]
    DOCUMENT_KIND_OTHER: _ClassVar[DocumentKind]

class DocumentStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DOCUMENT_STATUS_UNSPECIFIED: _ClassVar[DocumentStatus]
    DOCUMENT_STATUS_PENDING: _ClassVar[DocumentStatus]
    DOCUMENT_STATUS_PROCESSING: _ClassVar[DocumentStatus]
    DOCUMENT_STATUS_COMPLETED: _ClassVar[DocumentStatus]
    DOCUMENT_STATUS_FAILED: _ClassVar[DocumentStatus]

class SearchMode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEARCH_MODE_UNSPECIFIED: _ClassVar[SearchMode]
    SEARCH_MODE_VECTOR: _ClassVar[SearchMode]
    SEARCH_MODE_FULLTEXT: _ClassVar[SearchMode]
    SEARCH_MODE_HYBRID: _ClassVar[SearchMode]

class SearchFusion(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SEARCH_FUSION_UNSPECIFIED: _ClassVar[SearchFusion]
    SEARCH_FUSION_RRF: _ClassVar[SearchFusion]
    SEARCH_FUSION_CONVEX: _ClassVar[SearchFusion]

class DuplicateKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DUPLICATE_KIND_UNSPECIFIED: _ClassVar[DuplicateKind]
    DUPLICATE_KIND_URL: _ClassVar[DuplicateKind]
    DUPLICATE_KIND_SEMANTIC: _ClassVar[DuplicateKind]

class Feedback(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FEEDBACK_UNSPECIFIED: _ClassVar[Feedback]
    FEEDBACK_THUMBS_UP: _ClassVar[Feedback]
    FEEDBACK_THUMBS_DOWN: _ClassVar[Feedback]
DOCUMENT_KIND_UNSPECIFIED: DocumentKind
DOCUMENT_KIND_DOCUMENT: DocumentKind
DOCUMENT_KIND_DATASET: DocumentKind
DOCUMENT_KIND_CONFIGURATION: DocumentKind
DOCUMENT_KIND_MODEL: DocumentKind
DOCUMENT_KIND_OTHER: DocumentKind
DOCUMENT_STATUS_UNSPECIFIED: DocumentStatus
DOCUMENT_STATUS_PENDING: DocumentStatus
DOCUMENT_STATUS_PROCESSING: DocumentStatus
DOCUMENT_STATUS_COMPLETED: DocumentStatus
DOCUMENT_STATUS_FAILED: DocumentStatus
SEARCH_MODE_UNSPECIFIED: SearchMode
SEARCH_MODE_VECTOR: SearchMode
SEARCH_MODE_FULLTEXT: SearchMode
SEARCH_MODE_HYBRID: SearchMode
SEARCH_FUSION_UNSPECIFIED: SearchFusion
SEARCH_FUSION_RRF: SearchFusion
SEARCH_FUSION_CONVEX: SearchFusion
DUPLICATE_KIND_UNSPECIFIED: DuplicateKind
DUPLICATE_KIND_URL: DuplicateKind
DUPLICATE_KIND_SEMANTIC: DuplicateKind
FEEDBACK_UNSPECIFIED: Feedback
FEEDBACK_THUMBS_UP: Feedback
FEEDBACK_THUMBS_DOWN: Feedback

class Document(_message.Message):
    __slots__ = ("id", "workspace_id", "owner_id", "title", "kind", "source_url", "canonical_url", "mime_type", "size_bytes", "storage_key", "content_hash", "status", "error_message", "metadata", "embedding", "has_embedding", "create_time", "update_time", "etag")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_URL_FIELD_NUMBER: _ClassVar[int]
    CANONICAL_URL_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    STORAGE_KEY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    HAS_EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    owner_id: str
    title: str
    kind: DocumentKind
    source_url: str
    canonical_url: str
    mime_type: str
    size_bytes: int
    storage_key: str
    content_hash: str
    status: DocumentStatus
    error_message: str
    metadata: _struct_pb2.Struct
    embedding: _containers.RepeatedScalarFieldContainer[float]
    has_embedding: bool
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., title: _Optional[str] = ..., kind: _Optional[_Union[DocumentKind, str]] = ..., source_url: _Optional[str] = ..., canonical_url: _Optional[str] = ..., mime_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., storage_key: _Optional[str] = ..., content_hash: _Optional[str] = ..., status: _Optional[_Union[DocumentStatus, str]] = ..., error_message: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., embedding: _Optional[_Iterable[float]] = ..., has_embedding: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class Chunk(_message.Message):
    __slots__ = ("id", "document_id", "ordinal", "content", "embedding", "token_count", "metadata", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    ORDINAL_FIELD_NUMBER: _ClassVar[int]
    CONTENT_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    TOKEN_COUNT_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    document_id: str
    ordinal: int
    content: str
    embedding: _containers.RepeatedScalarFieldContainer[float]
    token_count: int
    metadata: _struct_pb2.Struct
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., document_id: _Optional[str] = ..., ordinal: _Optional[int] = ..., content: _Optional[str] = ..., embedding: _Optional[_Iterable[float]] = ..., token_count: _Optional[int] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateDocumentRequest(_message.Message):
    __slots__ = ("workspace_id", "title", "kind", "source_url", "mime_type", "size_bytes", "storage_key", "content_hash", "metadata", "embedding", "refuse_duplicates", "duplicate_threshold", "request_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_URL_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    SIZE_BYTES_FIELD_NUMBER: _ClassVar[int]
    STORAGE_KEY_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    REFUSE_DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    title: str
    kind: DocumentKind
    source_url: str
    mime_type: str
    size_bytes: int
    storage_key: str
    content_hash: str
    metadata: _struct_pb2.Struct
    embedding: _containers.RepeatedScalarFieldContainer[float]
    refuse_duplicates: bool
    duplicate_threshold: float
    request_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., title: _Optional[str] = ..., kind: _Optional[_Union[DocumentKind, str]] = ..., source_url: _Optional[str] = ..., mime_type: _Optional[str] = ..., size_bytes: _Optional[int] = ..., storage_key: _Optional[str] = ..., content_hash: _Optional[str] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., embedding: _Optional[_Iterable[float]] = ..., refuse_duplicates: _Optional[bool] = ..., duplicate_threshold: _Optional[float] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateDocumentResponse(_message.Message):
    __slots__ = ("document",)
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    document: Document
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ...) -> None: ...

class GetDocumentRequest(_message.Message):
    __slots__ = ("workspace_id", "id", "include_embedding")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    include_embedding: bool
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ..., include_embedding: _Optional[bool] = ...) -> None: ...

class GetDocumentResponse(_message.Message):
    __slots__ = ("document", "chunk_count")
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    CHUNK_COUNT_FIELD_NUMBER: _ClassVar[int]
    document: Document
    chunk_count: int
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ..., chunk_count: _Optional[int] = ...) -> None: ...

class ListDocumentsRequest(_message.Message):
    __slots__ = ("workspace_id", "page_size", "page_token", "kinds", "statuses", "metadata", "created_after", "created_before")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    KINDS_FIELD_NUMBER: _ClassVar[int]
    STATUSES_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATED_AFTER_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    page_size: int
    page_token: str
    kinds: _containers.RepeatedScalarFieldContainer[DocumentKind]
    statuses: _containers.RepeatedScalarFieldContainer[DocumentStatus]
    metadata: _struct_pb2.Struct
    created_after: _timestamp_pb2.Timestamp
    created_before: _timestamp_pb2.Timestamp
    def __init__(self, workspace_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., kinds: _Optional[_Iterable[_Union[DocumentKind, str]]] = ..., statuses: _Optional[_Iterable[_Union[DocumentStatus, str]]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., created_after: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListDocumentsResponse(_message.Message):
    __slots__ = ("documents", "next_page_token")
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[Document]
    next_page_token: str
    def __init__(self, documents: _Optional[_Iterable[_Union[Document, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class UpdateDocumentRequest(_message.Message):
    __slots__ = ("document", "update_mask")
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    document: Document
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateDocumentResponse(_message.Message):
    __slots__ = ("document",)
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    document: Document
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ...) -> None: ...

class SetDocumentStatusRequest(_message.Message):
    __slots__ = ("workspace_id", "id", "status", "error_message", "etag")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    status: DocumentStatus
    error_message: str
    etag: str
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ..., status: _Optional[_Union[DocumentStatus, str]] = ..., error_message: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class SetDocumentStatusResponse(_message.Message):
    __slots__ = ("document",)
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    document: Document
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ...) -> None: ...

class DeleteDocumentRequest(_message.Message):
    __slots__ = ("workspace_id", "id", "etag")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    etag: str
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteDocumentResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpsertChunksRequest(_message.Message):
    __slots__ = ("workspace_id", "document_id", "chunks")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    document_id: str
    chunks: _containers.RepeatedCompositeFieldContainer[Chunk]
    def __init__(self, workspace_id: _Optional[str] = ..., document_id: _Optional[str] = ..., chunks: _Optional[_Iterable[_Union[Chunk, _Mapping]]] = ...) -> None: ...

class UpsertChunksResponse(_message.Message):
    __slots__ = ("document_id", "chunk_count")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHUNK_COUNT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    chunk_count: int
    def __init__(self, document_id: _Optional[str] = ..., chunk_count: _Optional[int] = ...) -> None: ...

class UpsertChunksStreamRequest(_message.Message):
    __slots__ = ("workspace_id", "document_id", "chunks")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHUNKS_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    document_id: str
    chunks: _containers.RepeatedCompositeFieldContainer[Chunk]
    def __init__(self, workspace_id: _Optional[str] = ..., document_id: _Optional[str] = ..., chunks: _Optional[_Iterable[_Union[Chunk, _Mapping]]] = ...) -> None: ...

class UpsertChunksStreamResponse(_message.Message):
    __slots__ = ("document_id", "chunk_count")
    DOCUMENT_ID_FIELD_NUMBER: _ClassVar[int]
    CHUNK_COUNT_FIELD_NUMBER: _ClassVar[int]
    document_id: str
    chunk_count: int
    def __init__(self, document_id: _Optional[str] = ..., chunk_count: _Optional[int] = ...) -> None: ...

class SearchChunksRequest(_message.Message):
    __slots__ = ("workspace_id", "query_embedding", "query_text", "mode", "top_k", "min_similarity", "document_ids", "document_kinds", "document_statuses", "document_metadata", "chunk_metadata", "ef_search", "rrf_k", "vector_weight", "text_weight", "include_embeddings", "fusion", "alpha", "candidates", "explain", "require_phrases")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    QUERY_TEXT_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    TOP_K_FIELD_NUMBER: _ClassVar[int]
    MIN_SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_IDS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_KINDS_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_STATUSES_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_METADATA_FIELD_NUMBER: _ClassVar[int]
    CHUNK_METADATA_FIELD_NUMBER: _ClassVar[int]
    EF_SEARCH_FIELD_NUMBER: _ClassVar[int]
    RRF_K_FIELD_NUMBER: _ClassVar[int]
    VECTOR_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    TEXT_WEIGHT_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_EMBEDDINGS_FIELD_NUMBER: _ClassVar[int]
    FUSION_FIELD_NUMBER: _ClassVar[int]
    ALPHA_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    EXPLAIN_FIELD_NUMBER: _ClassVar[int]
    REQUIRE_PHRASES_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    query_embedding: _containers.RepeatedScalarFieldContainer[float]
    query_text: str
    mode: SearchMode
    top_k: int
    min_similarity: float
    document_ids: _containers.RepeatedScalarFieldContainer[str]
    document_kinds: _containers.RepeatedScalarFieldContainer[DocumentKind]
    document_statuses: _containers.RepeatedScalarFieldContainer[DocumentStatus]
    document_metadata: _struct_pb2.Struct
    chunk_metadata: _struct_pb2.Struct
    ef_search: int
    rrf_k: int
    vector_weight: float
    text_weight: float
    include_embeddings: bool
    fusion: SearchFusion
    alpha: float
    candidates: int
    explain: bool
    require_phrases: bool
    def __init__(self, workspace_id: _Optional[str] = ..., query_embedding: _Optional[_Iterable[float]] = ..., query_text: _Optional[str] = ..., mode: _Optional[_Union[SearchMode, str]] = ..., top_k: _Optional[int] = ..., min_similarity: _Optional[float] = ..., document_ids: _Optional[_Iterable[str]] = ..., document_kinds: _Optional[_Iterable[_Union[DocumentKind, str]]] = ..., document_statuses: _Optional[_Iterable[_Union[DocumentStatus, str]]] = ..., document_metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., chunk_metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., ef_search: _Optional[int] = ..., rrf_k: _Optional[int] = ..., vector_weight: _Optional[float] = ..., text_weight: _Optional[float] = ..., include_embeddings: _Optional[bool] = ..., fusion: _Optional[_Union[SearchFusion, str]] = ..., alpha: _Optional[float] = ..., candidates: _Optional[int] = ..., explain: _Optional[bool] = ..., require_phrases: _Optional[bool] = ...) -> None: ...

class SearchListMatch(_message.Message):
    __slots__ = ("found", "rank", "score")
    FOUND_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    found: bool
    rank: int
    score: float
    def __init__(self, found: _Optional[bool] = ..., rank: _Optional[int] = ..., score: _Optional[float] = ...) -> None: ...

class SearchExplanation(_message.Message):
    __slots__ = ("vector", "text", "fused_score")
    VECTOR_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    FUSED_SCORE_FIELD_NUMBER: _ClassVar[int]
    vector: SearchListMatch
    text: SearchListMatch
    fused_score: float
    def __init__(self, vector: _Optional[_Union[SearchListMatch, _Mapping]] = ..., text: _Optional[_Union[SearchListMatch, _Mapping]] = ..., fused_score: _Optional[float] = ...) -> None: ...

class SearchResult(_message.Message):
    __slots__ = ("chunk", "document_title", "score", "rank", "explanation", "missing_phrase")
    CHUNK_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_TITLE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    RANK_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    MISSING_PHRASE_FIELD_NUMBER: _ClassVar[int]
    chunk: Chunk
    document_title: str
    score: float
    rank: int
    explanation: SearchExplanation
    missing_phrase: bool
    def __init__(self, chunk: _Optional[_Union[Chunk, _Mapping]] = ..., document_title: _Optional[str] = ..., score: _Optional[float] = ..., rank: _Optional[int] = ..., explanation: _Optional[_Union[SearchExplanation, _Mapping]] = ..., missing_phrase: _Optional[bool] = ...) -> None: ...

class SearchChunksResponse(_message.Message):
    __slots__ = ("results", "mode", "fusion")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    MODE_FIELD_NUMBER: _ClassVar[int]
    FUSION_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[SearchResult]
    mode: SearchMode
    fusion: SearchFusion
    def __init__(self, results: _Optional[_Iterable[_Union[SearchResult, _Mapping]]] = ..., mode: _Optional[_Union[SearchMode, str]] = ..., fusion: _Optional[_Union[SearchFusion, str]] = ...) -> None: ...

class SimilarDocument(_message.Message):
    __slots__ = ("document", "similarity")
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    document: Document
    similarity: float
    def __init__(self, document: _Optional[_Union[Document, _Mapping]] = ..., similarity: _Optional[float] = ...) -> None: ...

class FindSimilarDocumentsRequest(_message.Message):
    __slots__ = ("workspace_id", "embedding", "threshold", "limit")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    embedding: _containers.RepeatedScalarFieldContainer[float]
    threshold: float
    limit: int
    def __init__(self, workspace_id: _Optional[str] = ..., embedding: _Optional[_Iterable[float]] = ..., threshold: _Optional[float] = ..., limit: _Optional[int] = ...) -> None: ...

class FindSimilarDocumentsResponse(_message.Message):
    __slots__ = ("documents",)
    DOCUMENTS_FIELD_NUMBER: _ClassVar[int]
    documents: _containers.RepeatedCompositeFieldContainer[SimilarDocument]
    def __init__(self, documents: _Optional[_Iterable[_Union[SimilarDocument, _Mapping]]] = ...) -> None: ...

class CheckDuplicateRequest(_message.Message):
    __slots__ = ("workspace_id", "url", "embedding", "threshold")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    URL_FIELD_NUMBER: _ClassVar[int]
    EMBEDDING_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    url: str
    embedding: _containers.RepeatedScalarFieldContainer[float]
    threshold: float
    def __init__(self, workspace_id: _Optional[str] = ..., url: _Optional[str] = ..., embedding: _Optional[_Iterable[float]] = ..., threshold: _Optional[float] = ...) -> None: ...

class CheckDuplicateResponse(_message.Message):
    __slots__ = ("is_duplicate", "kind", "document", "similarity")
    IS_DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DOCUMENT_FIELD_NUMBER: _ClassVar[int]
    SIMILARITY_FIELD_NUMBER: _ClassVar[int]
    is_duplicate: bool
    kind: DuplicateKind
    document: Document
    similarity: float
    def __init__(self, is_duplicate: _Optional[bool] = ..., kind: _Optional[_Union[DuplicateKind, str]] = ..., document: _Optional[_Union[Document, _Mapping]] = ..., similarity: _Optional[float] = ...) -> None: ...

class Evaluation(_message.Message):
    __slots__ = ("id", "workspace_id", "user_id", "query", "response", "sources", "latency_ms", "token_count", "quality_score", "feedback", "metadata", "create_time")
    ID_FIELD_NUMBER: _ClassVar[int]
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_COUNT_FIELD_NUMBER: _ClassVar[int]
    QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    id: str
    workspace_id: str
    user_id: str
    query: str
    response: str
    sources: _containers.RepeatedCompositeFieldContainer[_struct_pb2.Struct]
    latency_ms: int
    token_count: int
    quality_score: float
    feedback: Feedback
    metadata: _struct_pb2.Struct
    create_time: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., query: _Optional[str] = ..., response: _Optional[str] = ..., sources: _Optional[_Iterable[_Union[_struct_pb2.Struct, _Mapping]]] = ..., latency_ms: _Optional[int] = ..., token_count: _Optional[int] = ..., quality_score: _Optional[float] = ..., feedback: _Optional[_Union[Feedback, str]] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecordEvaluationRequest(_message.Message):
    __slots__ = ("workspace_id", "query", "response", "sources", "latency_ms", "token_count", "quality_score", "metadata", "request_id")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    QUERY_FIELD_NUMBER: _ClassVar[int]
    RESPONSE_FIELD_NUMBER: _ClassVar[int]
    SOURCES_FIELD_NUMBER: _ClassVar[int]
    LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    TOKEN_COUNT_FIELD_NUMBER: _ClassVar[int]
    QUALITY_SCORE_FIELD_NUMBER: _ClassVar[int]
    METADATA_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    query: str
    response: str
    sources: _containers.RepeatedCompositeFieldContainer[_struct_pb2.Struct]
    latency_ms: int
    token_count: int
    quality_score: float
    metadata: _struct_pb2.Struct
    request_id: str
    def __init__(self, workspace_id: _Optional[str] = ..., query: _Optional[str] = ..., response: _Optional[str] = ..., sources: _Optional[_Iterable[_Union[_struct_pb2.Struct, _Mapping]]] = ..., latency_ms: _Optional[int] = ..., token_count: _Optional[int] = ..., quality_score: _Optional[float] = ..., metadata: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class RecordEvaluationResponse(_message.Message):
    __slots__ = ("evaluation",)
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    evaluation: Evaluation
    def __init__(self, evaluation: _Optional[_Union[Evaluation, _Mapping]] = ...) -> None: ...

class SetEvaluationFeedbackRequest(_message.Message):
    __slots__ = ("workspace_id", "id", "feedback")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    id: str
    feedback: Feedback
    def __init__(self, workspace_id: _Optional[str] = ..., id: _Optional[str] = ..., feedback: _Optional[_Union[Feedback, str]] = ...) -> None: ...

class SetEvaluationFeedbackResponse(_message.Message):
    __slots__ = ("evaluation",)
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    evaluation: Evaluation
    def __init__(self, evaluation: _Optional[_Union[Evaluation, _Mapping]] = ...) -> None: ...

class ListEvaluationsRequest(_message.Message):
    __slots__ = ("workspace_id", "page_size", "page_token", "user_id", "feedback", "start_time", "end_time")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FEEDBACK_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    page_size: int
    page_token: str
    user_id: str
    feedback: Feedback
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, workspace_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., user_id: _Optional[str] = ..., feedback: _Optional[_Union[Feedback, str]] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListEvaluationsResponse(_message.Message):
    __slots__ = ("evaluations", "next_page_token")
    EVALUATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    evaluations: _containers.RepeatedCompositeFieldContainer[Evaluation]
    next_page_token: str
    def __init__(self, evaluations: _Optional[_Iterable[_Union[Evaluation, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetEvaluationStatsRequest(_message.Message):
    __slots__ = ("workspace_id", "user_id", "start_time", "end_time")
    WORKSPACE_ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    workspace_id: str
    user_id: str
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    def __init__(self, workspace_id: _Optional[str] = ..., user_id: _Optional[str] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class DailyEvaluationStats(_message.Message):
    __slots__ = ("day", "count", "mean_latency_ms", "p50_latency_ms", "p95_latency_ms", "mean_quality", "thumbs_up", "thumbs_down", "thumbs_up_ratio")
    DAY_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    MEAN_LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    P50_LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    P95_LATENCY_MS_FIELD_NUMBER: _ClassVar[int]
    MEAN_QUALITY_FIELD_NUMBER: _ClassVar[int]
    THUMBS_UP_FIELD_NUMBER: _ClassVar[int]
    THUMBS_DOWN_FIELD_NUMBER: _ClassVar[int]
    THUMBS_UP_RATIO_FIELD_NUMBER: _ClassVar[int]
    day: _timestamp_pb2.Timestamp
    count: int
    mean_latency_ms: float
    p50_latency_ms: float
    p95_latency_ms: float
    mean_quality: float
    thumbs_up: int
    thumbs_down: int
    thumbs_up_ratio: float
    def __init__(self, day: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., count: _Optional[int] = ..., mean_latency_ms: _Optional[float] = ..., p50_latency_ms: _Optional[float] = ..., p95_latency_ms: _Optional[float] = ..., mean_quality: _Optional[float] = ..., thumbs_up: _Optional[int] = ..., thumbs_down: _Optional[int] = ..., thumbs_up_ratio: _Optional[float] = ...) -> None: ...

class GetEvaluationStatsResponse(_message.Message):
    __slots__ = ("days",)
    DAYS_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedCompositeFieldContainer[DailyEvaluationStats]
    def __init__(self, days: _Optional[_Iterable[_Union[DailyEvaluationStats, _Mapping]]] = ...) -> None: ...
