"""Reading documents: one by id, or a page of a workspace's documents filtered."""

from __future__ import annotations

from domain.kernel.errors import InvalidArgument
from domain.kernel.pagination import Page, PageRequest, build_page
from domain.kernel.principal import Principal
from domain.knowledge.deps import (
    KnowledgeDeps,
    readable_document,
    reader,
)
from domain.knowledge.model import Document
from ports.knowledge import DocumentFilter


class GetDocument:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, workspace_id: str, document_id: str
    ) -> tuple[Document, int]:
        """The document and how many chunks it has."""
        async with self._d.uow(read_only=True) as uow:
            document = await readable_document(uow, principal, workspace_id, document_id)
            return document, await uow.chunks.count(workspace_id, document_id)


class ListDocuments:
    def __init__(self, deps: KnowledgeDeps) -> None:
        self._d = deps

    async def execute(
        self, principal: Principal, filt: DocumentFilter, page_size: int, page_token: str
    ) -> Page[Document]:
        if filt.created_after and filt.created_before and filt.created_after >= filt.created_before:
            raise InvalidArgument.of("created_before", "must be after created_after")
        query = {
            "w": filt.workspace_id,
            "k": sorted(filt.kinds),
            "s": sorted(filt.statuses),
            "m": filt.metadata,
            "a": filt.created_after,
            "b": filt.created_before,
        }
        req = PageRequest.parse(page_size, page_token, query, self._d.page_tokens)
        async with self._d.uow(read_only=True) as uow:
            await reader(uow, principal, filt.workspace_id)
            rows = await uow.documents.find(filt, req.after, req.size + 1)
        return build_page(rows, req, lambda doc: (doc.id,))
