"""Knowledge: documents, chunks with pgvector embeddings and full text, RAG evaluation runs.

The embedding dimension D of `documents.embedding` and `chunks.embedding` (vector(D)) is
the setting STRATA_EMBEDDING_DIM when this migration runs (default 1536). Changing D later
needs a new migration (drop the HNSW indexes, alter both columns, re-embed, re-index);
the application reads the same variable and must agree with the database.

Both embedding columns get HNSW indexes (m=16, ef_construction=64) of the kind
STRATA_EMBEDDING_INDEX names, read like the dimension: `vector` (vector_cosine_ops on the
column; pgvector allows D <= 2000) or `halfvec` (halfvec_cosine_ops on the expression
`(embedding::halfvec(D))`, half the size; D <= 4000); unset, `vector` up to 2000
dimensions and `halfvec` above. The columns stay vector(D) either way; the service reads
D and the kind back from the catalog when it starts and refuses settings that disagree.
`chunks.content_tsv` is a stored generated English tsvector with a GIN index. The
`vector` extension is created by `strata db init` before migrations, never here.
`documents.updated_at` is kept by the `update_updated_at_column()` trigger of 0001.

Revision ID: 0003_knowledge
Revises: 0002_audit
Create Date: 2025-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR, UUID

revision: str = "0003_knowledge"
down_revision: str | None = "0002_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("document", "dataset", "configuration", "model", "other")
STATUSES = ("pending", "processing", "completed", "failed")
HNSW = {"m": 16, "ef_construction": 64}


def _setting(name: str, default: str) -> str:
    """As the settings gave it to the migration runner (migrations/env.py), else `default`."""
    given = context.config.attributes.get("options", {}).get(name)
    return str(given) if given else default


def _dim() -> int:
    return int(_setting("STRATA_EMBEDDING_DIM", "1536"))


def _kind(dim: int) -> str:
    kind = _setting("STRATA_EMBEDDING_INDEX", "").strip().lower()
    kind = kind or ("vector" if dim <= 2000 else "halfvec")
    most = {"vector": 2000, "halfvec": 4000}.get(kind)
    if most is None or dim > most:
        raise ValueError(
            "STRATA_EMBEDDING_INDEX must be vector (up to 2000 dimensions) or halfvec (up to "
            f"4000): got {kind} with STRATA_EMBEDDING_DIM={dim}"
        )
    return kind


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _id() -> sa.Column:
    return sa.Column(
        "id", UUID(as_uuid=False), primary_key=True, server_default=sa.text("uuidv7()")
    )


def _fk(owner: str, name: str, target: str, ondelete: str = "CASCADE") -> sa.Column:
    key = sa.ForeignKey(f"{target}.id", ondelete=ondelete, name=f"fk_{owner}_{name}_{target}")
    return sa.Column(name, UUID(as_uuid=False), key, nullable=False)


def _ts(name: str) -> sa.Column:
    return sa.Column(
        name, sa.DateTime(timezone=True), nullable=False, server_default=sa.text("now()")
    )


def _metadata() -> sa.Column:
    return sa.Column("metadata", JSONB(), nullable=False, server_default=sa.text("'{}'::jsonb"))


def _hnsw(table: str, kind: str, dim: int) -> None:
    if kind == "halfvec":
        options = ", ".join(f"{k} = {v}" for k, v in HNSW.items())
        op.execute(
            f"CREATE INDEX ix_{table}_embedding_hnsw ON {table} USING hnsw "
            f"((embedding::halfvec({dim})) halfvec_cosine_ops) WITH ({options})"
        )
        return
    op.create_index(
        f"ix_{table}_embedding_hnsw",
        table,
        ["embedding"],
        postgresql_using="hnsw",
        postgresql_with=HNSW,
        postgresql_ops={"embedding": "vector_cosine_ops"},
    )


def _gin_metadata(table: str) -> None:
    op.create_index(
        f"ix_{table}_metadata_gin",
        table,
        ["metadata"],
        postgresql_using="gin",
        postgresql_ops={"metadata": "jsonb_path_ops"},
    )


def upgrade() -> None:
    dim = _dim()
    kind = _kind(dim)
    op.create_table(
        "documents",
        _id(),
        _fk("documents", "workspace_id", "workspaces"),
        _fk("documents", "owner_id", "users", ondelete="RESTRICT"),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source_url", sa.Text(), nullable=True),
        sa.Column("canonical_url", sa.Text(), nullable=True),
        sa.Column("mime_type", sa.String(255), nullable=False, server_default=""),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False, server_default=sa.text("0")),
        sa.Column("storage_key", sa.String(1024), nullable=False),
        sa.Column("content_hash", sa.String(128), nullable=False, server_default=""),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("error_message", sa.Text(), nullable=True),
        _metadata(),
        sa.Column("embedding", Vector(dim), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("storage_key", name="uq_documents_storage_key"),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f("ck_documents_kind")),
        sa.CheckConstraint(_in("status", STATUSES), name=op.f("ck_documents_status")),
    )
    op.create_index(
        "ix_documents_workspace_id_id", "documents", ["workspace_id", sa.text("id DESC")]
    )
    for name in ("status", "kind", "canonical_url"):
        op.create_index(f"ix_documents_workspace_id_{name}", "documents", ["workspace_id", name])
    op.create_index("ix_documents_created_at", "documents", ["created_at"])
    _gin_metadata("documents")
    _hnsw("documents", kind, dim)
    op.execute(
        "CREATE TRIGGER update_documents_updated_at BEFORE UPDATE ON documents "
        "FOR EACH ROW EXECUTE FUNCTION update_updated_at_column()"
    )

    op.create_table(
        "chunks",
        _id(),
        _fk("chunks", "document_id", "documents"),
        sa.Column("workspace_id", UUID(as_uuid=False), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("embedding", Vector(dim), nullable=True),
        sa.Column("token_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
        _metadata(),
        sa.Column(
            "content_tsv",
            TSVECTOR(),
            sa.Computed("to_tsvector('english'::regconfig, content)", persisted=True),
            nullable=True,
        ),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_chunks"),
        sa.UniqueConstraint("document_id", "ordinal", name="uq_chunks_document_id_ordinal"),
    )
    op.create_index("ix_chunks_workspace_id", "chunks", ["workspace_id"])
    _hnsw("chunks", kind, dim)
    op.create_index("ix_chunks_content_tsv", "chunks", ["content_tsv"], postgresql_using="gin")
    _gin_metadata("chunks")

    op.create_table(
        "evaluation_runs",
        _id(),
        _fk("evaluation_runs", "workspace_id", "workspaces"),
        _fk("evaluation_runs", "user_id", "users"),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("sources", JSONB(), nullable=False, server_default=sa.text("'[]'::jsonb")),
        sa.Column("latency_ms", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("token_count", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("quality_score", sa.Double(), nullable=True),
        sa.Column("user_feedback", sa.String(16), nullable=True),
        _metadata(),
        _ts("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_evaluation_runs"),
        sa.CheckConstraint(
            "quality_score >= 0 AND quality_score <= 1",
            name=op.f("ck_evaluation_runs_quality_score"),
        ),
        sa.CheckConstraint(
            _in("user_feedback", ("thumbs_up", "thumbs_down")),
            name=op.f("ck_evaluation_runs_user_feedback"),
        ),
    )
    op.create_index(
        "ix_evaluation_runs_workspace_id_id",
        "evaluation_runs",
        ["workspace_id", sa.text("id DESC")],
    )
    op.create_index(
        "ix_evaluation_runs_workspace_id_created_at",
        "evaluation_runs",
        ["workspace_id", "created_at"],
    )
    op.create_index("ix_evaluation_runs_user_id", "evaluation_runs", ["user_id"])


def downgrade() -> None:
    op.drop_table("evaluation_runs")
    op.drop_table("chunks")
    op.execute("DROP TRIGGER IF EXISTS update_documents_updated_at ON documents")
    op.drop_table("documents")
