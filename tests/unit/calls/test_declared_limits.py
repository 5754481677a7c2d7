"""Every request field declares its limits in the protos, and they match columns and domain."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from google.protobuf.descriptor import Descriptor, FieldDescriptor

from adapters.postgres.audit.tables import audit_entries
from adapters.postgres.identity import tables
from adapters.postgres.kernel.tables import idempotency_keys
from adapters.postgres.knowledge.tables import documents
from domain.identity import values as identity_values
from domain.kernel.urls import MAX_URL
from domain.knowledge import values as knowledge_values
from entrypoints.grpc.server import DESCRIPTORS
from entrypoints.grpc.validation.plans import declared
from strata.v1 import audit_pb2 as apb
from strata.v1 import identity_pb2 as ipb
from strata.v1 import knowledge_pb2 as kpb

F = FieldDescriptor


def _request_messages() -> list[Descriptor]:
    seen: dict[str, Descriptor] = {}

    def walk(d: Descriptor) -> None:
        if d.full_name in seen or d.full_name.startswith("google.protobuf."):
            return
        seen[d.full_name] = d
        for f in d.fields:
            if f.message_type is not None and not f.message_type.GetOptions().map_entry:
                walk(f.message_type)

    for service in DESCRIPTORS:
        for method in service.methods:
            walk(method.input_type)
    return list(seen.values())


LIMITED = {F.TYPE_STRING, F.TYPE_BYTES, F.TYPE_INT32, F.TYPE_INT64, F.TYPE_UINT32}
LIMITED |= {F.TYPE_UINT64, F.TYPE_SINT32, F.TYPE_SINT64, F.TYPE_FIXED32, F.TYPE_FIXED64}
LIMITED |= {F.TYPE_SFIXED32, F.TYPE_SFIXED64}


def test_every_field_of_every_request_message_declares_its_limits() -> None:
    """Services added later cannot forget: their request messages are walked here too."""
    missing = [
        f.full_name
        for d in _request_messages()
        for f in d.fields
        if (f.type in LIMITED or f.is_repeated or _is_struct(f)) and declared(f) is None
    ]
    assert missing == []


def _is_struct(f: FieldDescriptor) -> bool:
    return f.message_type is not None and f.message_type.full_name == "google.protobuf.Struct"


def _limit(message: type, field: str) -> int:
    limits = declared(message.DESCRIPTOR.fields_by_name[field])  # type: ignore[attr-defined]
    assert limits is not None
    return limits.max_chars


COLUMNS = [
    (kpb.CreateDocumentRequest, "title", documents.c.title),
    (kpb.CreateDocumentRequest, "mime_type", documents.c.mime_type),
    (kpb.CreateDocumentRequest, "storage_key", documents.c.storage_key),
    (kpb.CreateDocumentRequest, "content_hash", documents.c.content_hash),
    (kpb.Document, "title", documents.c.title),
    (ipb.CreateUserRequest, "email", tables.users.c.email),
    (ipb.CreateUserRequest, "username", tables.users.c.username),
    (ipb.CreateUserRequest, "name", tables.users.c.name),
    (ipb.UpsertOAuthUserRequest, "provider", tables.users.c.oauth_provider),
    (ipb.UpsertOAuthUserRequest, "subject", tables.users.c.oauth_subject),
    (ipb.CreateWorkspaceRequest, "name", tables.workspaces.c.name),
    (ipb.CreateWorkspaceRequest, "slug", tables.workspaces.c.slug),
    (ipb.CreateWorkspaceRequest, "request_id", idempotency_keys.c.request_id),
    (ipb.CreateApiKeyRequest, "name", tables.api_keys.c.name),
    (apb.ListAuditEntriesRequest, "username", audit_entries.c.username),
    (apb.ListAuditEntriesRequest, "action", audit_entries.c.action),
    (apb.ListAuditEntriesRequest, "request_id", audit_entries.c.request_id),
]


@pytest.mark.parametrize(("message", "field", "column"), COLUMNS, ids=lambda x: str(x)[-30:])
def test_declared_limits_equal_what_the_column_holds(
    message: type, field: str, column: sa.Column[str]
) -> None:
    assert _limit(message, field) == column.type.length  # type: ignore[attr-defined]


DOMAIN = [
    (kpb.CreateDocumentRequest, "title", knowledge_values.MAX_TITLE),
    (kpb.CreateDocumentRequest, "mime_type", knowledge_values.MAX_MIME_TYPE),
    (kpb.CreateDocumentRequest, "storage_key", knowledge_values.MAX_STORAGE_KEY),
    (kpb.CreateDocumentRequest, "content_hash", knowledge_values.MAX_CONTENT_HASH),
    (kpb.CreateDocumentRequest, "source_url", MAX_URL),
    (kpb.CheckDuplicateRequest, "url", MAX_URL),
    (kpb.SetDocumentStatusRequest, "error_message", knowledge_values.MAX_ERROR_MESSAGE),
    (kpb.Chunk, "content", knowledge_values.MAX_CHUNK_CONTENT),
    (kpb.SearchChunksRequest, "query_text", knowledge_values.MAX_QUERY_TEXT),
    (ipb.CreateUserRequest, "picture_url", MAX_URL),
    (ipb.CreateUserRequest, "name", identity_values.MAX_NAME),
    (ipb.CreateUserRequest, "password", identity_values.MAX_PASSWORD),
]


@pytest.mark.parametrize(("message", "field", "limit"), DOMAIN, ids=lambda x: str(x)[-30:])
def test_declared_limits_equal_the_domains(message: type, field: str, limit: int) -> None:
    assert _limit(message, field) == limit


def test_storage_key_bytes_match_the_domain() -> None:
    field = kpb.CreateDocumentRequest.DESCRIPTOR.fields_by_name["storage_key"]
    limits = declared(field)
    assert limits is not None
    assert limits.max_bytes == knowledge_values.MAX_STORAGE_KEY_BYTES
