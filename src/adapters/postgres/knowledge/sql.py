"""What the knowledge repositories share: error translation, embeddings, `hnsw.ef_search`.

Embeddings travel as `real[]` (binary, exact single precision) and are cast to `vector`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from pgvector.sqlalchemy import Vector
from sqlalchemy.dialects.postgresql import ARRAY, REAL

from adapters.postgres.infra.engine import DEFAULT_EF_SEARCH
from adapters.postgres.infra.errors import causes, first_attribute, translated
from adapters.postgres.infra.repository import Repository
from adapters.postgres.infra.session import Session
from adapters.postgres.infra.statements import Sql
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.tables import EMBEDDING_INDEX
from domain.kernel.errors import AlreadyExists, InvalidArgument

FLOATS = ARRAY(REAL)
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
def knowledge_errors() -> Iterator[None]:
    """translated(), naming the field of a knowledge constraint; pgvector's refusals
    (wrong dimensions, NaN) become InvalidArgument."""
    try:
        with translated():
            yield
    except (AlreadyExists, InvalidArgument) as exc:
        field = _FIELDS.get(first_attribute(list(causes(exc)), "constraint_name") or "")
        if field is None:
            raise
        if isinstance(exc, AlreadyExists):
            raise AlreadyExists(f"this {field} is taken", field=field) from exc.__cause__
        raise InvalidArgument.of(field, "is not an allowed value") from exc.__cause__
    except Exception as exc:
        if first_attribute(list(causes(exc)), "sqlstate") == "22000":
            raise InvalidArgument.of(
                "embedding", "must be finite numbers, one per dimension of the stored embeddings"
            ) from exc
        raise


def vector_param(value: Sequence[float] | None) -> Any:
    """An embedding as a bound `real[]` cast to `vector` (SQLAlchemy Core)."""
    return sa.cast(sa.literal(list(value) if value is not None else None, FLOATS), Vector())


def json_value(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def float_list(value: Any) -> list[float] | None:
    return [float(v) for v in value] if value is not None else None


class KnowledgeRepository(Repository):
    errors = staticmethod(knowledge_errors)

    def __init__(self, session: Session, embedding: EmbeddingIndex = EMBEDDING_INDEX) -> None:
        """`embedding`: the HNSW index the database has (the unit of work's factory reads it
        from the catalog); by default the one the table metadata describes."""
        super().__init__(session)
        self._embedding = embedding

    @staticmethod
    def ef_search(sql: Sql, value: int = DEFAULT_EF_SEARCH) -> Sql:
        """`sql` run with `hnsw.ef_search` at `value` (connections start at the default)."""
        sql.set_local("hnsw.ef_search", str(value), str(DEFAULT_EF_SEARCH))
        return sql
