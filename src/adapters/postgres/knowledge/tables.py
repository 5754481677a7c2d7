"""The knowledge tables: documents, their chunks (pgvector, tsvector) and RAG runs (0003)."""

from __future__ import annotations

import sqlalchemy as sa
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR, UUID

from adapters.postgres.kernel.tables import metadata
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from domain.knowledge.values import DocumentKind, DocumentStatus

# What migration 0003 creates by default; migrations/env.py retypes a copy of the metadata
# for the settings' embeddings. The repositories use what the database's catalog says (read
# when the service starts).
EMBEDDING_DIM = 1536
EMBEDDING_INDEX = EmbeddingIndex.of(EMBEDDING_DIM)
KINDS = tuple(str(k) for k in DocumentKind)
STATUSES = tuple(str(s) for s in DocumentStatus)
FEEDBACK = ("thumbs_up", "thumbs_down")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _uuid(name: str, target: str | None = None, ondelete: str = "CASCADE") -> sa.Column[str]:
    keys = [sa.ForeignKey(f"{target}.id", ondelete=ondelete)] if target else []
    return sa.Column(name, UUID(as_uuid=False), *keys, nullable=False)


def _jsonb() -> sa.Column[dict[str, object]]:
    return sa.Column("metadata", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb"))


def _created() -> sa.Column[object]:
    return sa.Column(
        "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    )


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", UUID(as_uuid=False), primary_key=True, server_default=sa.text("uuidv7()")),
    _uuid("workspace_id", "workspaces"),
    # A document keeps its owner: a user who still owns documents cannot be deleted.
    _uuid("owner_id", "users", ondelete="RESTRICT"),
    sa.Column("title", sa.String(500), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("source_url", sa.Text),
    sa.Column("canonical_url", sa.Text),
    sa.Column("mime_type", sa.String(255), nullable=False, server_default=""),
    sa.Column("size_bytes", sa.BigInteger, nullable=False, server_default=sa.text("0")),
    sa.Column("storage_key", sa.String(1024), nullable=False),
    sa.Column("content_hash", sa.String(128), nullable=False, server_default=""),
    sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
    sa.Column("error_message", sa.Text),
    _jsonb(),
    sa.Column("embedding", Vector(EMBEDDING_DIM)),
    _created(),
    sa.Column(
        "updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
    ),
    sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")),
    sa.UniqueConstraint("storage_key"),
    sa.CheckConstraint(_in("kind", KINDS), name="kind"),
    sa.CheckConstraint(_in("status", STATUSES), name="status"),
)
_d = documents.c
sa.Index("ix_documents_workspace_id_id", _d.workspace_id, _d.id.desc())
sa.Index("ix_documents_workspace_id_status", _d.workspace_id, _d.status)
sa.Index("ix_documents_workspace_id_kind", _d.workspace_id, _d.kind)
sa.Index("ix_documents_workspace_id_canonical_url", _d.workspace_id, _d.canonical_url)
sa.Index("ix_documents_created_at", _d.created_at)
sa.Index(
    "ix_documents_metadata_gin",
    _d.metadata,
    postgresql_using="gin",
    postgresql_ops={"metadata": "jsonb_path_ops"},
)
EMBEDDING_INDEX.hnsw(documents)

# `workspace_id` repeats the document's, so searches filter chunks without a join.
# UNIQUE (document_id, ordinal) also serves lookups by document.
chunks = sa.Table(
    "chunks",
    metadata,
    sa.Column("id", UUID(as_uuid=False), primary_key=True, server_default=sa.text("uuidv7()")),
    _uuid("document_id", "documents"),
    _uuid("workspace_id"),
    sa.Column("ordinal", sa.Integer, nullable=False),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("embedding", Vector(EMBEDDING_DIM)),
    sa.Column("token_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    _jsonb(),
    sa.Column(
        "content_tsv",
        TSVECTOR,
        sa.Computed("to_tsvector('english'::regconfig, content)", persisted=True),
    ),
    _created(),
    sa.UniqueConstraint("document_id", "ordinal"),
)
_c = chunks.c
sa.Index("ix_chunks_workspace_id", _c.workspace_id)
EMBEDDING_INDEX.hnsw(chunks)
sa.Index("ix_chunks_content_tsv", _c.content_tsv, postgresql_using="gin")
sa.Index(
    "ix_chunks_metadata_gin",
    _c.metadata,
    postgresql_using="gin",
    postgresql_ops={"metadata": "jsonb_path_ops"},
)

# BM25's statistics per workspace, kept by statement triggers on chunks (migration 0006):
# how many of its chunks hold each lexeme, and its chunks' count and total length.
chunk_term_stats = sa.Table(
    "chunk_term_stats",
    metadata,
    sa.Column("workspace_id", UUID(as_uuid=False), primary_key=True),
    sa.Column("lexeme", sa.Text, primary_key=True),
    sa.Column("doc_freq", sa.BigInteger, nullable=False),
    # Room on each page for the triggers' updates to stay HOT (migration 0018).
    postgresql_with={"fillfactor": "70"},
)
workspace_text_stats = sa.Table(
    "workspace_text_stats",
    metadata,
    sa.Column("workspace_id", UUID(as_uuid=False), primary_key=True),
    sa.Column("chunk_count", sa.BigInteger, nullable=False),
    sa.Column("total_length", sa.BigInteger, nullable=False),
)
# Each chunk's length in lexeme positions, kept by the same triggers (migration 0007).
chunk_text_lengths = sa.Table(
    "chunk_text_lengths",
    metadata,
    sa.Column("chunk_id", UUID(as_uuid=False), primary_key=True),
    sa.Column("length", sa.Integer, nullable=False),
)

evaluation_runs = sa.Table(
    "evaluation_runs",
    metadata,
    sa.Column("id", UUID(as_uuid=False), primary_key=True, server_default=sa.text("uuidv7()")),
    _uuid("workspace_id", "workspaces"),
    # Runs are the user's own telemetry: they go with the user.
    _uuid("user_id", "users"),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("sources", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")),
    sa.Column("latency_ms", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("token_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    sa.Column("quality_score", sa.Double),
    sa.Column("user_feedback", sa.String(16)),
    _jsonb(),
    _created(),
    sa.CheckConstraint("quality_score >= 0 AND quality_score <= 1", name="quality_score"),
    sa.CheckConstraint(_in("user_feedback", FEEDBACK), name="user_feedback"),
)
_e = evaluation_runs.c
sa.Index("ix_evaluation_runs_workspace_id_id", _e.workspace_id, _e.id.desc())
sa.Index("ix_evaluation_runs_workspace_id_created_at", _e.workspace_id, _e.created_at)
sa.Index("ix_evaluation_runs_user_id", _e.user_id)
