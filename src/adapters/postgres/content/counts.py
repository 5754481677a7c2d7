"""Totals of ListContent's offset pages, kept per (workspace, filter) and epoch.

A count up to COUNT_CAP rows is exact; past it the planner's estimate stands in, flagged.
Either is kept under the workspace's epoch, which every write to its items moves in the
same transaction (`forget`): a count kept before a write is never read after it.
"""

from __future__ import annotations

import ast
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, Executable

from adapters.postgres.content.filters import where
from adapters.postgres.content.tables import content_count_epochs, content_counts, content_items
from adapters.postgres.infra.repository import Repository, uuid_or_none
from domain.kernel.pagination import fingerprint
from ports.content import ContentFilter, Total

COUNT_CAP = 10_000
_e, _k = content_count_epochs.c, content_counts.c


class Explain(Executable, ClauseElement):
    """EXPLAIN (FORMAT JSON) of a select, its parameters bound as the select's."""

    inherit_cache = False

    def __init__(self, stmt: sa.Select[Any]) -> None:
        self.stmt = stmt


@compiles(Explain)
def _explain(element: Explain, compiler: SQLCompiler, **kw: Any) -> str:
    return "EXPLAIN (FORMAT JSON) " + compiler.process(element.stmt, **kw)


class ContentCounts(Repository):
    async def forget(self, workspace_id: str) -> None:
        """Move the workspace's epoch: every count kept for it is stale from now on (and
        is dropped; a reader still counting at the old epoch may keep one more, unread)."""
        stmt = insert(content_count_epochs).values(workspace_id=workspace_id, epoch=1)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_e.workspace_id], set_={"epoch": _e.epoch + 1}
        )
        await self.execute(stmt)
        await self.execute(content_counts.delete().where(_k.workspace_id == workspace_id))

    async def count(self, filt: ContentFilter, writable: bool) -> Total:
        ws, key = uuid_or_none(filt.workspace_id), fingerprint(filt.query_dict())
        epoch_q = sa.select(_e.epoch).where(_e.workspace_id == ws)
        epoch = int(await self.scalar(epoch_q) or 0)
        kept_q = sa.select(_k.total, _k.estimate).where(
            _k.workspace_id == ws, _k.filter_key == key, _k.epoch == epoch
        )
        if (kept := await self.first(kept_q)) is not None:
            return Total(int(kept["total"]), bool(kept["estimate"]))
        total = await self._measure(filt)
        if writable:
            await self._keep(ws, key, epoch, total)
        return total

    async def _measure(self, filt: ContentFilter) -> Total:
        rows = sa.select(content_items.c.id).where(*where(filt))
        capped = sa.select(sa.func.count()).select_from(rows.limit(COUNT_CAP + 1).subquery())
        n = int(await self.scalar(capped))
        if n <= COUNT_CAP:
            return Total(n)
        plan = await self.scalar(Explain(rows))
        return Total(max(n, _plan_rows(plan)), estimate=True)

    async def _keep(self, ws: str | None, key: str, epoch: int, total: Total) -> None:
        values = {
            "workspace_id": ws,
            "filter_key": key,
            "epoch": epoch,
            "total": total.count,
            "estimate": total.estimate,
        }
        stmt = insert(content_counts).values(values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[_k.workspace_id, _k.filter_key],
            set_={c: stmt.excluded[c] for c in ("epoch", "total", "estimate")},
            where=_k.epoch < stmt.excluded.epoch,
        )
        await self.execute(stmt)


def _plan_rows(plan: object) -> int:
    """The top node's row estimate. The plan comes back as the driver decoded it: a list,
    or (the statement's result having no declared type) that list's text form."""
    document: Any = plan
    if isinstance(plan, str):
        try:
            document = json.loads(plan)
        except ValueError:
            document = ast.literal_eval(plan)
    return int(document[0]["Plan"]["Plan Rows"])
