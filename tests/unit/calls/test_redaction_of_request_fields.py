"""Which request fields the audit trail redacts: a decision for every field the protos hold."""

from __future__ import annotations

import pytest
from google.protobuf.descriptor import Descriptor
from grpc_health.v1 import health_pb2
from grpc_reflection.v1alpha import reflection_pb2

from domain.audit.redaction import REDACTED, is_secret, redact
from entrypoints.grpc.server import DESCRIPTORS

SERVICES = (
    *DESCRIPTORS,
    health_pb2.DESCRIPTOR.services_by_name["Health"],
    reflection_pb2.DESCRIPTOR.services_by_name["ServerReflection"],
)
SECRET = {"password"}
KEPT = {
    # strata.v1
    "action", "caller_role", "canonical_url", "chunk_metadata", "chunks", "content",
    "content_hash", "create_time", "created_after", "created_before", "document",
    "document_id", "document_ids", "document_kinds", "document_metadata", "document_statuses",
    "duplicate_threshold", "ef_search", "email", "email_prefix", "embedding", "end_time",
    "error_message", "etag", "feedback", "has_embedding", "has_password", "id",
    "include_embedding", "include_embeddings", "include_revoked", "is_active", "is_superuser",
    "kind", "kinds", "last_login_time", "latency_ms", "limit", "metadata", "mime_type",
    "min_duration_ms", "min_similarity", "mode", "name", "oauth_provider", "oauth_subject",
    "ordinal", "outcomes", "owner_id", "page_size", "page_token", "picture_url", "preferences",
    "provider", "quality_score", "query", "query_embedding", "query_text", "refuse_duplicates",
    "request_id", "response", "role", "rrf_k", "size_bytes", "skip", "slug", "source_url",
    "sources", "start_time", "status", "statuses", "storage_key", "subject", "text_weight",
    "threshold", "title", "token_count", "top_k", "ttl", "update_mask", "update_time", "url",
    "user", "user_id", "username", "vector_weight", "workspace", "workspace_id",
    "alpha", "candidates", "explain", "fusion", "require_phrases",
    "after", "before", "messages", "model", "order", "purge", "run_id", "thread", "thread_id",
    "tokens_used",
    "agent_type", "error", "input", "job_id", "lease_epoch", "lease_seconds", "max_attempts",
    "max_jobs", "output", "parameters", "priority", "progress", "retryable", "scheduled_at",
    "unique_key", "worker_id", "lean", "claim_next",
    "job_kinds",
    "completions",
    "starting_after",
    "run_policy", "run_status", "run_statuses",
    "events", "event_id", "timestamp", "event_type", "event_category", "workload_id",
    "metrics", "value", "unit", "dimensions", "expire_time", "metric_name", "bucket",
    "start_date", "end_date", "event_types", "categories", "days",
    "item", "content_type", "content_data", "tags", "tags_any", "tags_all", "origin",
    "visibility", "sort", "creator_id", "metadata_contains", "metadata_has_key",
    "min_quality", "include_total", "top_tags", "layout",
    "digest_date", "digest_id", "items", "rank", "reason", "failure_reason", "digest_item_id",
    "thumbs", "comment", "model_version", "weights", "feature", "weight", "version",
    "interactions", "content_item_id", "interaction_type", "rating", "duration_ms",
    "occur_time", "metadata_key", "recommendations", "score", "algorithm_version",
    "unserved_only", "ids",
    # grpc.health.v1 and grpc.reflection.v1alpha
    "service", "host", "file_by_filename", "file_containing_symbol", "file_containing_extension",
    "containing_type", "extension_number", "all_extension_numbers_of_type", "list_services",
}  # fmt: skip


def _field_names(message: Descriptor, seen: set[str]) -> set[str]:
    """Every field name a request's JSON can hold, nested messages included; well-known
    types and map entries become plain JSON values, so their own fields never appear."""
    wkt = message.file.package == "google.protobuf"
    if message.full_name in seen or wkt or message.GetOptions().map_entry:
        return set()
    seen.add(message.full_name)
    names = set()
    for field in message.fields:
        names.add(field.name)
        if field.message_type is not None:
            names |= _field_names(field.message_type, seen)
    return names


def _request_field_names() -> set[str]:
    seen: set[str] = set()
    return {
        name
        for service in SERVICES
        for method in service.methods
        for name in _field_names(method.input_type, seen)
    }


def test_every_request_field_has_a_redaction_decision() -> None:
    undecided = _request_field_names() - SECRET - KEPT
    assert not undecided, f"decide whether these are secrets (SECRET or KEPT): {undecided}"
    assert not SECRET & KEPT


@pytest.mark.parametrize("name", sorted(_request_field_names()))
def test_request_field_is_redacted_exactly_when_it_is_a_secret(name: str) -> None:
    assert is_secret(name) == (name in SECRET)
    assert (redact({name: "value"})[name] == REDACTED) == (name in SECRET)


SECRET_NAMES = [
    "password", "new_password", "old_password", "passphrase", "secret", "client_secret",
    "token", "access_token", "refresh_token", "id_token", "api_key", "apiKey", "X-Api-Key",
    "authorization", "pepper", "credentials", "credential", "private_key", "signing_keys",
]  # fmt: skip
KEPT_NAMES = [
    "token_count", "tokens_used", "max_tokens", "tokenCount", "page_token", "next_page_token",
    "pageToken", "has_password", "public_key", "key_hash", "idempotency_key", "monkey",
    "passage", "compass", "author",
]  # fmt: skip


@pytest.mark.parametrize("name", SECRET_NAMES)
def test_secret_looking_names_are_redacted(name: str) -> None:
    assert redact({"outer": {name: "hunter2"}}) == {"outer": {name: REDACTED}}


@pytest.mark.parametrize("name", KEPT_NAMES)
def test_counts_positions_and_flags_are_kept(name: str) -> None:
    assert redact({name: 1234}) == {name: 1234}
