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

from adapters.postgres.errors import causes, first_attribute, translated
from adapters.postgres.knowledge_tables import EMBEDDING_DIM
from adapters.postgres.observe import observed
from adapters.postgres.repository import Repository
from domain.errors import AlreadyExists, InvalidArgument

DEFAULT_EF_SEARCH = 100  # recall@10 0.94 to 0.98 at 100, 0.86 to 0.89 at 40 (bench/RESULTS.md)
FLOATS = ARRAY(REAL)
VECTOR = f"::real[]::vector({EMBEDDING_DIM})"
SETTINGS = (
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
                "embedding", f"must be {EMBEDDING_DIM} finite numbers"
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
    async def _core(self, stmt: sa.Executable, *many: dict[str, Any]) -> list[Any]:
        conn = await self._s.conn()
        with knowledge_errors():
            result = await conn.execute(stmt, list(many) or None)
            return list(result.mappings()) if result.returns_rows else []

    async def _fetch(self, sql: str, args: list[Any], ef_search: int | None = None) -> list[Any]:
        """Run `sql`; with `ef_search`, after the HNSW settings in the same transaction."""
        driver = await self._s.driver()
        if driver is None and self._s.read_only:  # autocommit: take the driver's transaction
            driver = (await (await self._s.conn()).get_raw_connection()).driver_connection
        with knowledge_errors():
            if driver is None:  # inside the unit of work's transaction
                conn = await self._s.conn()
                if ef_search is not None:
                    await conn.exec_driver_sql(SETTINGS, (str(ef_search),))
                return list((await conn.exec_driver_sql(sql, tuple(args))).mappings())
            async with observed(self._s.observer, "select", sql):
                if ef_search is None:
                    return list(await driver.fetch(sql, *args))
                async with driver.transaction(readonly=True):
                    await driver.execute(SETTINGS, str(ef_search))
                    return list(await driver.fetch(sql, *args))
