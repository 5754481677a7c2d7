"""Knowledge repositories: Core for rows, hand-written SQL for vector and full-text search.

Vector searches run in a transaction of their own (read-only units of work) or the unit
of work's, after `SET LOCAL hnsw.ef_search` and `hnsw.iterative_scan = relaxed_order`:
the HNSW scan picks `limit` rows that pass the filters, a materialized CTE holds them
and the outer query orders them exactly (pgvector's advice for iterative scans).
Embeddings travel as `real[]` (binary, exact single precision) and are cast to `vector`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects.postgresql import ARRAY, REAL

from adapters.postgres.errors import _chain, _first, translated
from adapters.postgres.identity import _after, _Repository, _uuid
from adapters.postgres.knowledge_tables import EMBEDDING_DIM, chunks, documents, evaluation_runs
from adapters.postgres.observe import observed
from domain.errors import Aborted, AlreadyExists, InvalidArgument, NotFound
from domain.knowledge.model import Chunk, Document, EvaluationRun
from domain.knowledge.search import ChunkFilter, ChunkHit
from domain.knowledge.values import DocumentKind, DocumentStatus
from ports.knowledge import DailyEvaluationStats, DocumentFilter, EvaluationFilter, SimilarDocument

DEFAULT_EF_SEARCH = 100  # recall@10 0.94 to 0.98 at 100, 0.86 to 0.89 at 40 (bench/RESULTS.md)
FEEDBACK = ("thumbs_up", "thumbs_down")
_FLOATS = ARRAY(REAL)
_VECTOR = f"::real[]::vector({EMBEDDING_DIM})"
_SETTINGS = (
    "SELECT set_config('hnsw.ef_search', $1, true), "
    "set_config('hnsw.iterative_scan', 'relaxed_order', true)"
)
# Constraints whose violation names a field the caller sent.
_FIELDS = {
    "uq_documents_storage_key": "storage_key",
    "uq_chunks_document_id_ordinal": "ordinal",
    "ck_documents_kind": "kind",
    "ck_documents_status": "status",
    "ck_evaluation_runs_quality_score": "quality_score",
    "ck_evaluation_runs_user_feedback": "feedback",
}


@contextmanager
def _errors() -> Iterator[None]:
    """translated(), naming the field of a knowledge constraint; pgvector's refusals
    (wrong dimensions, NaN) become InvalidArgument."""
    try:
        with translated():
            yield
    except (AlreadyExists, InvalidArgument) as exc:
        field = _FIELDS.get(_first(list(_chain(exc)), "constraint_name") or "")
        if field is None:
            raise
        if isinstance(exc, AlreadyExists):
            raise AlreadyExists(f"this {field} is taken", field=field) from exc.__cause__
        raise InvalidArgument.of(field, "is not an allowed value") from exc.__cause__
    except Exception as exc:
        if _first(list(_chain(exc)), "sqlstate") == "22000":
            raise InvalidArgument.of(
                "embedding", f"must be {EMBEDDING_DIM} finite numbers"
            ) from exc
        raise


def _floats(value: Sequence[float] | None) -> Any:
    return sa.cast(sa.literal(list(value) if value is not None else None, _FLOATS), Vector())


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _list(value: Any) -> list[float] | None:
    return [float(v) for v in value] if value is not None else None


_DOC_FIELDS = [c.name for c in documents.c if c.name != "embedding"]
_DOC_MUTABLE = [
    f for f in _DOC_FIELDS if f not in ("id", "workspace_id", "created_at", "updated_at")
]
_DOC_COLUMNS = [
    *(documents.c[f] for f in _DOC_FIELDS),
    sa.cast(documents.c.embedding, _FLOATS).label("embedding"),
]
# The same columns for hand-written SQL on the driver (ids and JSON as text).
_DOC_SQL = (
    "d.id::text AS id, d.workspace_id::text AS workspace_id, d.owner_id::text AS owner_id, "
    "d.title, d.kind, d.source_url, d.canonical_url, d.mime_type, d.size_bytes, "
    "d.storage_key, d.content_hash, d.status, d.error_message, d.metadata::text AS metadata, "
    "d.embedding::real[] AS embedding, d.created_at, d.updated_at, d.version"
)
_CHUNK_SQL = (
    "c.id::text AS id, c.document_id::text AS document_id, c.workspace_id::text AS "
    "workspace_id, c.ordinal, c.content, c.embedding::real[] AS embedding, c.token_count, "
    "c.metadata::text AS metadata, c.created_at, d.title"
)


def _document(row: Mapping[str, Any]) -> Document:
    values = {f: row[f] for f in _DOC_FIELDS}
    values |= {
        "kind": DocumentKind(row["kind"]),
        "status": DocumentStatus(row["status"]),
        "metadata": _json(row["metadata"]),
        "embedding": _list(row["embedding"]),
    }
    return Document(**values)


def _chunk(row: Mapping[str, Any]) -> Chunk:
    return Chunk(
        id=row["id"],
        document_id=row["document_id"],
        workspace_id=row["workspace_id"],
        ordinal=row["ordinal"],
        content=row["content"],
        embedding=_list(row["embedding"]),
        token_count=row["token_count"],
        metadata=_json(row["metadata"]),
        created_at=row["created_at"],
    )


class _Sql:
    """Hand-written SQL with `$n` parameters, collected as the text is built."""

    def __init__(self) -> None:
        self.args: list[Any] = []

    def __call__(self, value: Any) -> str:
        self.args.append(value)
        return f"${len(self.args)}"


class _KnowledgeRepository(_Repository):
    async def _core(self, stmt: sa.Executable, *many: dict[str, Any]) -> list[Any]:
        conn = await self._s.conn()
        with _errors():
            result = await conn.execute(stmt, list(many) or None)
            return list(result.mappings()) if result.returns_rows else []

    async def _fetch(self, sql: str, args: list[Any], ef_search: int | None = None) -> list[Any]:
        """Run `sql`; with `ef_search`, after the HNSW settings in the same transaction."""
        driver = await self._s.driver()
        if driver is None and self._s.read_only:  # autocommit: take the driver's transaction
            driver = (await (await self._s.conn()).get_raw_connection()).driver_connection
        with _errors():
            if driver is None:  # inside the unit of work's transaction
                conn = await self._s.conn()
                if ef_search is not None:
                    await conn.exec_driver_sql(_SETTINGS, (str(ef_search),))
                return list((await conn.exec_driver_sql(sql, tuple(args))).mappings())
            async with observed(self._s.observer, "select", sql):
                if ef_search is None:
                    return list(await driver.fetch(sql, *args))
                async with driver.transaction(readonly=True):
                    await driver.execute(_SETTINGS, str(ef_search))
                    return list(await driver.fetch(sql, *args))


class SqlaDocumentRepository(_KnowledgeRepository):
    async def add(self, document: Document) -> None:
        values = {f: getattr(document, f) for f in _DOC_FIELDS}
        values["embedding"] = _floats(document.embedding)
        await self._core(documents.insert().values(values))

    async def get(self, workspace_id: str, document_id: str) -> Document | None:
        ws, key = _uuid(workspace_id), _uuid(document_id)
        if ws is None or key is None:
            return None
        stmt = sa.select(*_DOC_COLUMNS).where(documents.c.id == key, documents.c.workspace_id == ws)
        rows = await self._core(stmt)
        return _document(rows[0]) if rows else None

    async def update(self, document: Document, expected_version: int) -> None:
        values = {f: getattr(document, f) for f in _DOC_MUTABLE}
        values["embedding"] = _floats(document.embedding)
        stmt = (
            documents.update()
            .where(
                documents.c.id == _uuid(document.id),
                documents.c.workspace_id == _uuid(document.workspace_id),
                documents.c.version == expected_version,
            )
            .values(values)
            .returning(documents.c.updated_at)
        )
        rows = await self._core(stmt)
        if not rows:
            raise Aborted("the document changed concurrently; read it again")
        document.updated_at = rows[0]["updated_at"]

    async def delete(self, workspace_id: str, document_id: str) -> bool:
        # Its chunks go by ON DELETE CASCADE.
        stmt = (
            documents.delete()
            .where(
                documents.c.id == _uuid(document_id),
                documents.c.workspace_id == _uuid(workspace_id),
            )
            .returning(documents.c.id)
        )
        return bool(await self._core(stmt))

    async def find(
        self, filt: DocumentFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[Document]:
        d = documents.c
        stmt = sa.select(*_DOC_COLUMNS).where(d.workspace_id == _uuid(filt.workspace_id))
        if filt.kinds:
            stmt = stmt.where(d.kind.in_([str(k) for k in filt.kinds]))
        if filt.statuses:
            stmt = stmt.where(d.status.in_([str(s) for s in filt.statuses]))
        if filt.metadata:
            stmt = stmt.where(d.metadata.contains(filt.metadata))
        if filt.created_after is not None:
            stmt = stmt.where(d.created_at > filt.created_after)
        if filt.created_before is not None:
            stmt = stmt.where(d.created_at < filt.created_before)
        if (key := _after(after)) is not None:
            stmt = stmt.where(d.id < key)
        rows = await self._core(stmt.order_by(d.id.desc()).limit(limit))
        return [_document(r) for r in rows]

    async def lock_url(self, workspace_id: str, canonical_url: str) -> None:
        key = sa.func.hashtextextended(sa.literal(workspace_id) + canonical_url, 0)
        await self._core(sa.select(sa.func.pg_advisory_xact_lock(key)))

    async def by_url(self, workspace_id: str, canonical_url: str) -> Document | None:
        ws = _uuid(workspace_id)
        if ws is None:
            return None
        stmt = (
            sa.select(*_DOC_COLUMNS)
            .where(documents.c.workspace_id == ws, documents.c.canonical_url == canonical_url)
            .order_by(documents.c.id)
            .limit(1)
        )
        rows = await self._core(stmt)
        return _document(rows[0]) if rows else None

    async def similar(
        self, workspace_id: str, embedding: list[float], threshold: float, limit: int
    ) -> list[SimilarDocument]:
        ws = _uuid(workspace_id)
        if ws is None:
            return []
        p = _Sql()
        q = p(list(embedding)) + _VECTOR
        sql = (
            "WITH nearest AS MATERIALIZED ("
            f" SELECT id, embedding <=> {q} AS distance FROM documents"
            f" WHERE workspace_id = {p(ws)}::uuid AND embedding IS NOT NULL"
            f" ORDER BY embedding <=> {q} LIMIT {p(limit)})"
            f" SELECT {_DOC_SQL}, 1 - n.distance AS similarity"
            " FROM nearest n JOIN documents d ON d.id = n.id"
            f" WHERE 1 - n.distance >= {p(float(threshold))}::float8"
            " ORDER BY n.distance, d.id"
        )
        rows = await self._fetch(sql, p.args, DEFAULT_EF_SEARCH)
        return [SimilarDocument(_document(r), float(r["similarity"])) for r in rows]


def _chunk_where(filt: ChunkFilter, p: _Sql) -> str | None:
    """The filter as SQL over `c` (chunks) and `d` (documents); None: nothing can match."""
    ws = _uuid(filt.workspace_id)
    ids = [k for k in map(_uuid, filt.document_ids) if k]
    if ws is None or (filt.document_ids and not ids):
        return None
    where = [f"c.workspace_id = {p(ws)}::uuid"]
    if ids:
        where.append(f"c.document_id = ANY({p(ids)}::uuid[])")
    if filt.document_kinds:
        where.append(f"d.kind = ANY({p([str(k) for k in filt.document_kinds])}::text[])")
    if filt.document_statuses:
        where.append(f"d.status = ANY({p([str(s) for s in filt.document_statuses])}::text[])")
    if filt.document_metadata:
        where.append(f"d.metadata @> {p(json.dumps(filt.document_metadata))}::text::jsonb")
    if filt.chunk_metadata:
        where.append(f"c.metadata @> {p(json.dumps(filt.chunk_metadata))}::text::jsonb")
    return " AND ".join(where)


def _join(filt: ChunkFilter) -> str:
    """The documents join, only where a filter needs it: alone, chunks can use HNSW."""
    needed = filt.document_kinds or filt.document_statuses or filt.document_metadata
    return " JOIN documents d ON d.id = c.document_id" if needed else ""


def _hits(rows: list[Any]) -> list[ChunkHit]:
    return [
        ChunkHit(_chunk(r), r["title"], float(r["score"]), rank)
        for rank, r in enumerate(rows, start=1)
    ]


class SqlaChunkRepository(_KnowledgeRepository):
    _INSERT = chunks.insert().values(
        embedding=sa.cast(sa.bindparam("vector", type_=_FLOATS), Vector()),
        created_at=sa.func.coalesce(
            sa.bindparam("created", type_=chunks.c.created_at.type), sa.func.now()
        ),
    )

    async def replace(self, workspace_id: str, document_id: str, chunks_: list[Chunk]) -> None:
        ws, doc = _uuid(workspace_id), _uuid(document_id)
        owner = (
            sa.select(documents.c.id)
            .where(documents.c.id == doc, documents.c.workspace_id == ws)
            .with_for_update(key_share=True)  # FOR NO KEY UPDATE: replaces of one document queue
        )
        if ws is None or doc is None or not await self._core(owner):
            raise NotFound("the referenced document was not found")
        await self._core(chunks.delete().where(chunks.c.document_id == doc))
        if not chunks_:
            return
        rows = [
            {
                "id": c.id,
                "document_id": doc,
                "workspace_id": ws,
                "ordinal": c.ordinal,
                "content": c.content,
                "vector": list(c.embedding) if c.embedding is not None else None,
                "token_count": c.token_count,
                "metadata": c.metadata,
                "created": c.created_at,
            }
            for c in chunks_
        ]
        await self._core(self._INSERT, *rows)  # one executemany

    async def count(self, workspace_id: str, document_id: str) -> int:
        stmt = (
            sa.select(sa.func.count().label("n"))
            .select_from(chunks)
            .where(
                chunks.c.document_id == _uuid(document_id),
                chunks.c.workspace_id == _uuid(workspace_id),
            )
        )
        return int((await self._core(stmt))[0]["n"])

    async def vector_search(
        self,
        filt: ChunkFilter,
        embedding: list[float],
        limit: int,
        min_similarity: float | None,
        ef_search: int | None,
    ) -> list[ChunkHit]:
        p = _Sql()
        q = p(list(embedding)) + _VECTOR
        where = _chunk_where(filt, p)
        if where is None:
            return []
        floor = ""
        if min_similarity is not None:
            floor = f" WHERE 1 - n.distance >= {p(float(min_similarity))}::float8"
        sql = (
            "WITH nearest AS MATERIALIZED ("
            f" SELECT c.id, c.embedding <=> {q} AS distance"
            f" FROM chunks c{_join(filt)}"
            f" WHERE {where} AND c.embedding IS NOT NULL"
            f" ORDER BY c.embedding <=> {q} LIMIT {p(limit)})"
            f" SELECT {_CHUNK_SQL}, 1 - n.distance AS score"
            " FROM nearest n JOIN chunks c ON c.id = n.id JOIN documents d ON d.id = c.document_id"
            f"{floor} ORDER BY n.distance, c.id"
        )
        return _hits(await self._fetch(sql, p.args, ef_search or DEFAULT_EF_SEARCH))

    async def text_search(self, filt: ChunkFilter, query: str, limit: int) -> list[ChunkHit]:
        p = _Sql()
        where = _chunk_where(filt, p)
        if where is None:
            return []
        sql = (
            f"SELECT {_CHUNK_SQL}, ts_rank_cd(c.content_tsv, q) AS score"
            " FROM chunks c JOIN documents d ON d.id = c.document_id,"
            f" websearch_to_tsquery('english', {p(query)}) AS q"
            f" WHERE {where} AND c.content_tsv @@ q"
            f" ORDER BY score DESC, c.id LIMIT {p(limit)}"
        )
        return _hits(await self._fetch(sql, p.args))


_RUN_COLUMNS = {
    "id": "id",
    "workspace_id": "workspace_id",
    "user_id": "user_id",
    "query": "query",
    "response": "response",
    "created_at": "created_at",
    "sources": "sources",
    "latency_ms": "latency_ms",
    "token_count": "token_count",
    "quality_score": "quality_score",
    "feedback": "user_feedback",
    "metadata": "metadata",
}


def _run(row: Mapping[str, Any]) -> EvaluationRun:
    return EvaluationRun(**{f: row[c] for f, c in _RUN_COLUMNS.items()})


class SqlaEvaluationRepository(_KnowledgeRepository):
    async def add(self, run: EvaluationRun) -> None:
        values = {c: getattr(run, f) for f, c in _RUN_COLUMNS.items()}
        await self._core(evaluation_runs.insert().values(values))

    async def get(self, workspace_id: str, run_id: str) -> EvaluationRun | None:
        ws, key = _uuid(workspace_id), _uuid(run_id)
        if ws is None or key is None:
            return None
        e = evaluation_runs.c
        rows = await self._core(sa.select(evaluation_runs).where(e.id == key, e.workspace_id == ws))
        return _run(rows[0]) if rows else None

    async def set_feedback(self, workspace_id: str, run_id: str, feedback: str) -> bool:
        if feedback not in FEEDBACK:
            raise InvalidArgument.of("feedback", "must be thumbs_up or thumbs_down")
        e = evaluation_runs.c
        stmt = (
            evaluation_runs.update()
            .where(e.id == _uuid(run_id), e.workspace_id == _uuid(workspace_id))
            .values(user_feedback=feedback)
            .returning(e.id)
        )
        return bool(await self._core(stmt))

    @staticmethod
    def _where(filt: EvaluationFilter) -> list[sa.ColumnElement[bool]]:
        e = evaluation_runs.c
        where = [e.workspace_id == _uuid(filt.workspace_id)]
        if filt.user_id is not None:
            where.append(e.user_id == _uuid(filt.user_id))
        if filt.feedback is not None:
            where.append(e.user_feedback == filt.feedback)
        if filt.start is not None:
            where.append(e.created_at >= filt.start)
        if filt.end is not None:
            where.append(e.created_at < filt.end)
        return where

    async def find(
        self, filt: EvaluationFilter, after: tuple[Any, ...] | None, limit: int
    ) -> list[EvaluationRun]:
        e = evaluation_runs.c
        stmt = sa.select(evaluation_runs).where(*self._where(filt))
        if (key := _after(after)) is not None:
            stmt = stmt.where(e.id < key)
        return [_run(r) for r in await self._core(stmt.order_by(e.id.desc()).limit(limit))]

    async def daily_stats(self, filt: EvaluationFilter) -> list[DailyEvaluationStats]:
        e = evaluation_runs.c
        day = sa.func.date_trunc("day", sa.func.timezone("UTC", e.created_at))
        latency = sa.cast(e.latency_ms, sa.Double)
        stmt = (
            sa.select(
                sa.func.timezone("UTC", day).label("day"),
                sa.func.count().label("count"),
                sa.func.avg(latency).label("mean_latency_ms"),
                sa.func.percentile_cont(0.5).within_group(latency).label("p50_latency_ms"),
                sa.func.percentile_cont(0.95).within_group(latency).label("p95_latency_ms"),
                sa.func.avg(e.quality_score).label("mean_quality"),
                sa.func.count().filter(e.user_feedback == "thumbs_up").label("thumbs_up"),
                sa.func.count().filter(e.user_feedback == "thumbs_down").label("thumbs_down"),
            )
            .where(*self._where(filt))
            .group_by(day)
            .order_by(day)
        )
        return [DailyEvaluationStats(**dict(r)) for r in await self._core(stmt)]
