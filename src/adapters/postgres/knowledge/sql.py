"""What the knowledge repositories share: error translation, embeddings, hand-written SQL.

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
from adapters.postgres.infra.observe import observed
from adapters.postgres.infra.repository import Repository
from adapters.postgres.infra.session import Session
from adapters.postgres.knowledge.embedding_index import EmbeddingIndex
from adapters.postgres.knowledge.tables import EMBEDDING_INDEX
from domain.kernel.errors import AlreadyExists, InvalidArgument

FLOATS = ARRAY(REAL)
SET_EF_SEARCH = "SELECT set_config('hnsw.ef_search', $1, true)"
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


class Sql:
    """Hand-written SQL with `$n` parameters, collected as the text is built."""

    def __init__(self) -> None:
        self.args: list[Any] = []
        self.text = ""

    def __call__(self, value: Any) -> str:
        self.args.append(value)
        return f"${len(self.args)}"


class KnowledgeRepository(Repository):
    def __init__(self, session: Session, embedding: EmbeddingIndex = EMBEDDING_INDEX) -> None:
        """`embedding`: the HNSW index the database has (the unit of work's factory reads it
        from the catalog); by default the one the table metadata describes."""
        super().__init__(session)
        self._embedding = embedding

    async def _core(self, stmt: sa.Executable, *many: dict[str, Any]) -> list[Any]:
        conn = await self._s.conn()
        with knowledge_errors():
            result = await conn.execute(stmt, list(many) or None)
            return list(result.mappings()) if result.returns_rows else []

    async def _fetch(self, sql: str, args: list[Any], ef_search: int | None = None) -> list[Any]:
        """Run `sql`. Connections start with engine.SERVER_SETTINGS (HNSW defaults); an HNSW
        search passes its `ef_search`, set for its transaction when it is not the default."""
        driver = await self._s.driver()
        if driver is None and self._s.read_only:  # autocommit: take the driver's transaction
            driver = (await (await self._s.conn()).get_raw_connection()).driver_connection
        with knowledge_errors():
            if driver is None:  # in the unit of work's transaction: an earlier SET LOCAL holds
                conn = await self._s.conn()
                if ef_search is not None:
                    await conn.exec_driver_sql(SET_EF_SEARCH, (str(ef_search),))
                return list((await conn.exec_driver_sql(sql, tuple(args))).mappings())
            async with observed(self._s.observer, "select", sql):
                if ef_search is None or ef_search == DEFAULT_EF_SEARCH:
                    return list(await driver.fetch(sql, *args))
                async with driver.transaction(readonly=True):
                    await driver.execute(SET_EF_SEARCH, str(ef_search))
                    return list(await driver.fetch(sql, *args))
