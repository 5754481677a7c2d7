"""ContentService through real stubs on both storages: items, lists under inserts, stats."""

from __future__ import annotations

import asyncio
import random

import grpc
import pytest
from google.protobuf import field_mask_pb2

from strata.v1 import content_pb2 as pb
from tests.e2e.content_kit import Shelf, failure, new_shelf, struct
from tests.e2e.harness import Harness

pytestmark = [pytest.mark.e2e]
SORTS = (pb.CONTENT_SORT_NEWEST, pb.CONTENT_SORT_QUALITY, pb.CONTENT_SORT_OLDEST)


@pytest.fixture
async def shelf(harness: Harness) -> Shelf:
    return await new_shelf(harness)


async def test_an_item_is_created_read_updated_by_mask_and_deleted(shelf: Shelf) -> None:
    item = await shelf.item(
        "Rivers of Europe",
        content_type=pb.CONTENT_TYPE_VIDEO,
        metadata=struct({"category": "science"}),
        tags=["geo", "travel"],
        quality_score=0.75,
        visibility=pb.CONTENT_VISIBILITY_PUBLIC,
        origin=pb.CONTENT_ORIGIN_AUTO,
    )
    got = await shelf.stub.GetContent(
        pb.GetContentRequest(workspace_id=shelf.ws, id=item.id), metadata=shelf.owner.md
    )
    assert got.item == item
    changed = pb.ContentItem(workspace_id=shelf.ws, id=item.id, etag=item.etag, title="Rivers")
    mask = field_mask_pb2.FieldMask(paths=["title", "quality_score"])
    req = pb.UpdateContentRequest(item=changed, update_mask=mask)
    updated = (await shelf.stub.UpdateContent(req, metadata=shelf.owner.md)).item
    assert (updated.title, updated.HasField("quality_score"), updated.origin) == (
        "Rivers",
        False,
        pb.CONTENT_ORIGIN_AUTO,
    )
    stale = await failure(shelf.stub.UpdateContent(req, metadata=shelf.owner.md))
    assert stale.code() == grpc.StatusCode.ABORTED
    await shelf.stub.DeleteContent(
        pb.DeleteContentRequest(workspace_id=shelf.ws, id=item.id), metadata=shelf.owner.md
    )
    gone = await failure(
        shelf.stub.GetContent(
            pb.GetContentRequest(workspace_id=shelf.ws, id=item.id), metadata=shelf.owner.md
        )
    )
    assert gone.code() == grpc.StatusCode.NOT_FOUND


async def test_seed_jsonb_examples_are_list_filters(shelf: Shelf) -> None:
    await shelf.item("Tech", metadata=struct({"category": "technology", "keywords": ["python"]}))
    await shelf.item("Music", metadata=struct({"category": "music", "keywords": ["jazz"]}))
    technology = struct({"category": "technology"})
    assert await shelf.titles(metadata_contains=technology) == ["Tech"]
    assert await shelf.titles(metadata_contains=struct({"keywords": ["python"]})) == ["Tech"]
    assert sorted(await shelf.titles(metadata_has_key="keywords")) == ["Music", "Tech"]
    assert await shelf.titles(query="music -tech") == ["Music"]


async def test_relevance_puts_titles_most_about_the_query_first(shelf: Shelf) -> None:
    for title in ("Rivers and lakes of the north", "Rivers", "Mountains", "Rivers of stone"):
        await shelf.item(title)
    ranked = await shelf.titles(query="rivers", sort=pb.CONTENT_SORT_RELEVANCE)
    assert ranked == ["Rivers", "Rivers of stone", "Rivers and lakes of the north"]


@pytest.mark.parametrize("sort", SORTS)
async def test_keyset_pages_never_skip_or_repeat_while_items_are_inserted(
    shelf: Shelf, sort: int
) -> None:
    rnd = random.Random(sort)
    before = {(await shelf.item(f"old {n}", quality_score=rnd.random())).id for n in range(24)}
    seen: list[str] = []
    token, n = "", 0
    while True:
        inserts = [shelf.item(f"new {n}-{k}", quality_score=rnd.random()) for k in range(2)]
        page, *_ = await asyncio.gather(
            shelf.page(page_size=5, sort=sort, page_token=token), *inserts
        )
        seen += [i.id for i in page.items]
        n += 1
        if not (token := page.next_page_token):
            break
    assert len(seen) == len(set(seen)), "no item is repeated"
    assert before <= set(seen), "no item that was there before the walk is skipped"


async def test_offset_pages_agree_with_keyset_pages_and_carry_a_total(shelf: Shelf) -> None:
    for n in range(9):
        await shelf.item(f"item {n}", quality_score=(n % 4) / 4 if n % 3 else None)
    for sort in SORTS:
        keyset = await shelf.titles(sort=sort)
        first = await shelf.page(page_size=4, sort=sort, include_total=True)
        rest = [await shelf.page(page_size=4, sort=sort, skip=skip) for skip in (4, 8)]
        assert [i.title for p in (first, *rest) for i in p.items] == keyset
        assert {(p.total_size, p.total_size_is_estimate) for p in (first, *rest)} == {(9, False)}


async def test_stats_count_types_origins_visibilities_and_tags(shelf: Shelf) -> None:
    await shelf.item("a", tags=["x", "y"], quality_score=0.5)
    await shelf.item("b", tags=["x"], content_type=pb.CONTENT_TYPE_AUDIO, quality_score=1.0)
    await shelf.item("c", origin=pb.CONTENT_ORIGIN_AUTO, visibility=pb.CONTENT_VISIBILITY_PUBLIC)
    r = await shelf.stub.GetContentStats(
        pb.GetContentStatsRequest(workspace_id=shelf.ws), metadata=shelf.owner.md
    )
    assert r.total == 3 and (r.rated, r.mean_quality) == (2, 0.75)
    assert {c.key: c.count for c in r.by_type} == {"text": 2, "image": 0, "video": 0, "audio": 1}
    assert {c.key: c.count for c in r.by_origin} == {"user": 2, "auto": 1}
    assert {c.key: c.count for c in r.by_visibility} == {"public": 1, "private": 2}
    assert [(c.key, c.count) for c in r.top_tags] == [("x", 2), ("y", 1)]
