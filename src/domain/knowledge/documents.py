"""Use cases on documents: create (refusing duplicates), read, list, update, status, delete."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from domain.kernel.errors import AlreadyExists, InvalidArgument, Validator
from domain.kernel.idempotency import Idempotency
from domain.kernel.masks import check_text
from domain.kernel.principal import Principal
from domain.knowledge.deps import (
    KnowledgeDeps,
    check_threshold,
    collect,
    must_get,
    writable_document,
    writer,
)
from domain.knowledge.document_changes import apply_document_changes
from domain.knowledge.duplicates import DuplicateKind, find_duplicate
from domain.knowledge.model import Document
from domain.knowledge.values import (
    MAX_CONTENT_HASH,
    MAX_ERROR_MESSAGE,
    MAX_MIME_TYPE,
    MAX_TITLE,
    DocumentKind,
    DocumentStatus,
    canonical_url,
    check_embedding,
    check_storage_key,
)


@dataclass(frozen=True, slots=True)
class NewDocument:
    workspace_id: str
    title: str
    kind: DocumentKind | None = None
    source_url: str = ""
    mime_type: str = ""
    size_bytes: int = 0
    storage_key: str = ""
    content_hash: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    embedding: Sequence[float] = ()
    refuse_duplicates: bool = False
    duplicate_threshold: float | None = None
    request_id: str = ""


class CreateDocument:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(self, principal: Principal, cmd: NewDocument) -> Document:
        d, v, url = self._d, Validator(), cmd.source_url.strip()
        title = collect(v, lambda: check_text(cmd.title, "title", MAX_TITLE, required=True))
        canonical = collect(v, lambda: canonical_url(url)) if url else None
        collect(v, lambda: check_text(cmd.mime_type, "mime_type", MAX_MIME_TYPE))
        collect(v, lambda: check_text(cmd.content_hash, "content_hash", MAX_CONTENT_HASH))
        collect(v, lambda: check_storage_key(cmd.storage_key))
        v.check(cmd.size_bytes >= 0, "size_bytes", "must not be negative")
        embedding = (
            collect(v, lambda: check_embedding(cmd.embedding, d.embedding_dim, "embedding"))
            if cmd.embedding
            else None
        )
        threshold = collect(
            v, lambda: check_threshold(cmd.duplicate_threshold, "duplicate_threshold")
        )
        v.raise_if_any()
        now, ws = d.clock.now(), cmd.workspace_id
        async with d.uow() as uow:
            actor = await writer(uow, principal, ws, "creating documents")
            scope = f"{principal.user_id}:CreateDocument:{ws}"
            idem = Idempotency(uow, scope, cmd.request_id, _fingerprint(cmd))
            if (existing := await idem.replayed_id(d.clock)) is not None:
                return await must_get(uow, ws, existing)
            if cmd.refuse_duplicates and threshold is not None:
                if canonical:
                    await uow.documents.lock_url(ws, canonical)
                found = await find_duplicate(uow, ws, canonical, embedding, threshold)
                if found is not None:
                    where = "source_url" if found.kind == DuplicateKind.URL else "embedding"
                    raise AlreadyExists(
                        f"document {found.document.id} is a duplicate ({found.kind}, "
                        f"similarity {found.similarity:.4f})",
                        field=where,
                    )
            doc_id = d.ids.new_id()
            document = Document(
                id=doc_id,
                workspace_id=ws,
                owner_id=actor.user_id,
                title=title or "",
                kind=cmd.kind or DocumentKind.DOCUMENT,
                storage_key=cmd.storage_key.strip() or f"{ws}/{doc_id}",
                created_at=now,
                updated_at=now,
                source_url=url or None,
                canonical_url=canonical,
                mime_type=cmd.mime_type.strip(),
                size_bytes=cmd.size_bytes,
                content_hash=cmd.content_hash.strip(),
                metadata=dict(cmd.metadata),
                embedding=embedding,
            )
            await uow.documents.add(document)
            await idem.remember(document.id, d.clock)
            await uow.commit()
        return document


def _fingerprint(cmd: NewDocument) -> dict[str, Any]:
    fields = {k: getattr(cmd, k) for k in NewDocument.__dataclass_fields__ if k != "embedding"}
    fields["embedding"] = [round(x, 6) for x in cmd.embedding]
    return fields


class UpdateDocument:
    """`changes` maps update_mask paths to new values; see document_changes."""

    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        document_id: str,
        changes: dict[str, Any],
        etag: str = "",
    ) -> Document:
        async with self._d.uow() as uow:
            document = await writable_document(
                uow, principal, workspace_id, document_id, "changing documents", "document.id"
            )
            document.check_etag(etag)
            version = document.version
            apply_document_changes(document, changes, self._d.embedding_dim)
            document.touch(self._d.clock.now())
            await uow.documents.update(document, version)
            await uow.commit()
        return document


class SetDocumentStatus:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self,
        principal: Principal,
        workspace_id: str,
        document_id: str,
        status: DocumentStatus | None,
        error_message: str = "",
        etag: str = "",
    ) -> Document:
        if status is None:
            raise InvalidArgument.of("status", "is required")
        error = check_text(error_message, "error_message", MAX_ERROR_MESSAGE) or None
        async with self._d.uow() as uow:
            document = await writable_document(
                uow, principal, workspace_id, document_id, "changing documents"
            )
            document.check_etag(etag)
            version = document.version
            document.move_to(status, error, self._d.clock.now())
            await uow.documents.update(document, version)
            await uow.commit()
        return document


class DeleteDocument:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, document_id: str, etag: str = ""
    ) -> None:
        async with self._d.uow() as uow:
            document = await writable_document(
                uow, principal, workspace_id, document_id, "deleting documents"
            )
            document.check_etag(etag)
            await uow.documents.delete(workspace_id, document_id)
            await uow.commit()
