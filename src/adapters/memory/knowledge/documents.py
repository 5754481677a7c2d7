"""Documents in memory: workspace-scoped, versioned, with exact similar-document search."""

from __future__ import annotations

import copy
from typing import Any

from adapters.memory.knowledge.values import Tables, contains, f32, require, similarity
from domain.kernel.errors import Aborted, AlreadyExists
from domain.knowledge.model import Document
from ports.knowledge import DocumentFilter, SimilarDocument


class InMemoryDocumentRepository:
    def __init__(self, tables: Tables) -> None:
        self._tables = tables
        self._t: dict[str, Document] = tables["documents"]

    def _check_unique(self, doc: Document) -> None:
        if any(o.storage_key == doc.storage_key and o.id != doc.id for o in self._t.values()):
            raise AlreadyExists("a document with this storage key exists", field="storage_key")

    @staticmethod
    def _stored(doc: Document) -> Document:
        stored = copy.deepcopy(doc)
        stored.embedding = f32(doc.embedding)
        return stored

    async def add(self, document: Document) -> None:
        if document.id in self._t:
            raise AlreadyExists("the resource already exists", field="id")
        require(self._tables, "workspaces", document.workspace_id, "workspace")
        require(self._tables, "users", document.owner_id, "user")
        self._check_unique(document)
        self._t[document.id] = self._stored(document)

    def _in(self, workspace_id: str, document_id: str) -> Document | None:
        doc = self._t.get(document_id)
        return doc if doc is not None and doc.workspace_id == workspace_id else None

    async def get(self, workspace_id: str, document_id: str) -> Document | None:
        doc = self._in(workspace_id, document_id)
        return copy.deepcopy(doc) if doc else None

    async def update(self, document: Document, expected_version: int) -> None:
        stored = self._in(document.workspace_id, document.id)
        if stored is None or stored.version != expected_version:
            raise Aborted("the document changed concurrently; read it again")
        self._check_unique(document)
        self._t[document.id] = self._stored(document)

    async def delete(self, workspace_id: str, document_id: str) -> bool:
        if self._in(workspace_id, document_id) is None:
            return False
        del self._t[document_id]
        chunks = self._tables["chunks"]
        for key in [k for k, c in chunks.items() if c.document_id == document_id]:
            del chunks[key]
        return True

    def _matches(self, d: Document, f: DocumentFilter) -> bool:
        return (
            d.workspace_id == f.workspace_id
            and (not f.kinds or d.kind in f.kinds)
            and (not f.statuses or d.status in f.statuses)
            and contains(d.metadata, f.metadata)
            and (f.created_after is None or d.created_at > f.created_after)
            and (f.created_before is None or d.created_at < f.created_before)
        )

    async def find(
        self, filt: DocumentFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[Document]:
        rows = sorted(
            (d for d in self._t.values() if self._matches(d, filt)),
            key=lambda d: d.id,
            reverse=True,
        )
        if after is not None:
            rows = [d for d in rows if d.id < str(after[0])]
        return [copy.deepcopy(d) for d in rows[:limit]]

    async def lock_url(self, workspace_id: str, canonical_url: str) -> None:
        """The unit of work already holds the store's one lock."""

    async def by_url(self, workspace_id: str, canonical_url: str) -> Document | None:
        found = sorted(
            (
                d
                for d in self._t.values()
                if d.workspace_id == workspace_id and d.canonical_url == canonical_url
            ),
            key=lambda d: d.id,
        )
        return copy.deepcopy(found[0]) if found else None

    async def similar(
        self, workspace_id: str, embedding: list[float], threshold: float, limit: int
    ) -> list[SimilarDocument]:
        query = f32(embedding) or []
        scored = [
            (similarity(query, d.embedding), d)
            for d in self._t.values()
            if d.workspace_id == workspace_id and d.embedding is not None
        ]
        kept = sorted(((s, d) for s, d in scored if s >= threshold), key=lambda p: (-p[0], p[1].id))
        return [SimilarDocument(copy.deepcopy(d), s) for s, d in kept[:limit]]
