"""Each sort x filter combination docs/content.md gives an index to is read in the sort's
order from that index, on page 1 and after a key, with no sort step (PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.postgres.content.counts import Explain
from adapters.postgres.content.items import page_statement
from domain.content.listing import content_filter, page_key, sort_key
from domain.content.values import ContentSort, ContentType, Origin, Visibility
from tests.contract.content_kit import ContentKit

pytestmark = pytest.mark.postgres
N, Q, OLD = ContentSort.NEWEST, ContentSort.QUALITY, ContentSort.OLDEST
IX = "ix_content_items_workspace_id_"
COMMON = 1500  # items; one in 50 has the rare creator, type, origin and visibility
PATHS: list[tuple[ContentSort, dict[str, Any], str]] = [
    (N, {}, IX + "created_at_id"),
    (OLD, {}, IX + "created_at_id"),
    (Q, {}, IX + "quality"),
    (N, {"creator_id": "creator"}, "ix_content_items_creator_id_workspace_id"),
    (OLD, {"creator_id": "creator"}, "ix_content_items_creator_id_workspace_id"),
    (N, {"content_type": ContentType.VIDEO}, IX + "content_type"),
    (OLD, {"content_type": ContentType.VIDEO}, IX + "content_type"),
    (N, {"origin": Origin.AUTO}, IX + "origin"),
    (OLD, {"origin": Origin.AUTO}, IX + "origin"),
    (N, {"visibility": Visibility.PUBLIC}, IX + "public"),
    (OLD, {"visibility": Visibility.PUBLIC}, IX + "public"),
]


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(n for child in plan.get("Plans", []) for n in _nodes(child))]


@pytest.mark.parametrize("uow_factory", ["postgres"], indirect=True)
async def test_each_indexed_list_reads_its_index_in_order(
    uow_factory, make, seed, clean_db: AsyncEngine
) -> None:
    kit = ContentKit(make)
    await seed(*kit.entities())
    common = {
        "creator_id": kit.users[1].id,
        "content_type": ContentType.TEXT,
        "origin": Origin.USER,
        "visibility": Visibility.PRIVATE,
    }
    items = [kit.item(**(common if n % 50 else {})) for n in range(COMMON)]
    async with uow_factory() as uow:
        for item in items:
            await uow.content_items.add(item)
        await uow.commit()
    async with clean_db.connect() as conn:
        await conn.exec_driver_sql("ANALYZE content_items")
        await conn.commit()
    wrong = []
    for sort, given, index in PATHS:
        fields = {k: kit.users[0].id if v == "creator" else v for k, v in given.items()}
        for after in (None, page_key(sort, sort_key(sort, items[0]))):
            stmt = page_statement(content_filter(kit.ws.id, **fields), sort, after, 51)
            async with clean_db.connect() as conn:
                plan = (await conn.execute(Explain(stmt))).scalar_one()[0]["Plan"]
            nodes = _nodes(plan)
            read = [n.get("Index Name") for n in nodes if "Index Name" in n]
            if read != [index] or any(n["Node Type"] == "Sort" for n in nodes):
                wrong.append((sort, given, after is not None, read))
    assert not wrong, "each list reads its own index in order, without a sort step"
