"""Interactions, recommendations and feeds through real stubs on both storages."""

from __future__ import annotations

import math

import pytest

from strata.v1 import content_pb2 as pb
from tests.e2e.content_kit import Shelf, failure, new_shelf, struct
from tests.e2e.engagement_kit import LIKE, new, public, reader_of, record
from tests.e2e.harness import Harness, violations

pytestmark = [pytest.mark.e2e]


@pytest.fixture
async def shelf(harness: Harness) -> Shelf:
    return await new_shelf(harness)


async def test_interactions_are_recorded_listed_and_counted(harness, shelf) -> None:
    reader = await reader_of(harness, shelf)
    a, b = await public(shelf, 2)
    meta = struct({"source": "mobile_app", "device_type": "smartphone"})
    first = await record(
        shelf, reader, new(a, rating=5, duration_ms=30_000, metadata=meta), new(b, LIKE), rid="r"
    )
    again = await record(
        shelf, reader, new(a, rating=5, duration_ms=30_000, metadata=meta), new(b, LIKE), rid="r"
    )
    assert [i.id for i in again.interactions] == [i.id for i in first.interactions]
    assert first.interactions[0].rating == 5 and not first.interactions[1].HasField("rating")
    req = pb.ListInteractionsRequest(workspace_id=shelf.ws, user_id=reader.user_id, page_size=1)
    page = await shelf.stub.ListInteractions(req, metadata=shelf.owner.md)
    req.page_token = page.next_page_token
    rest = await shelf.stub.ListInteractions(req, metadata=shelf.owner.md)
    listed = [i.id for i in [*page.interactions, *rest.interactions]]
    assert sorted(listed) == sorted(i.id for i in first.interactions) and not rest.next_page_token
    stats = await shelf.stub.GetInteractionStats(
        pb.GetInteractionStatsRequest(workspace_id=shelf.ws, metadata_key="source"),
        metadata=shelf.owner.md,
    )
    assert stats.total == 2 and not stats.from_analytics
    assert {c.key: c.count for c in stats.by_type} == {
        "view": 1,
        "like": 1,
        "share": 0,
        "comment": 0,
        "download": 0,
    }
    assert [(c.key, c.count) for c in stats.by_metadata] == [("", 1), ("mobile_app", 1)]
    assert sum(d.count for d in stats.by_day) == 2


async def test_recommendations_are_upserted_listed_and_served_once(harness, shelf) -> None:
    reader = await reader_of(harness, shelf)
    a, b = await public(shelf, 2)

    def rec(item: pb.ContentItem, score: float) -> pb.NewRecommendation:
        return pb.NewRecommendation(
            user_id=reader.user_id, content_item_id=item.id, score=score, algorithm_version="cf-1"
        )

    up = pb.UpsertRecommendationsRequest(workspace_id=shelf.ws, recommendations=[rec(a, 0.2)])
    await shelf.stub.UpsertRecommendations(up, metadata=shelf.owner.md)
    up = pb.UpsertRecommendationsRequest(
        workspace_id=shelf.ws, recommendations=[rec(a, 0.9), rec(b, 0.5)]
    )
    made = (await shelf.stub.UpsertRecommendations(up, metadata=shelf.owner.md)).recommendations
    listed = await shelf.stub.ListRecommendations(
        pb.ListRecommendationsRequest(workspace_id=shelf.ws), metadata=reader.md
    )
    assert [(r.content_item_id, r.score) for r in listed.recommendations] == [
        (a.id, 0.9),
        (b.id, 0.5),
    ]
    mark = pb.MarkServedRequest(workspace_id=shelf.ws, ids=[made[0].id])
    first = await shelf.stub.MarkServed(mark, metadata=reader.md)
    second = await shelf.stub.MarkServed(mark, metadata=reader.md)
    assert list(first.marked_ids) == [made[0].id] and list(second.marked_ids) == []
    assert second.recommendations[0].serve_time == first.recommendations[0].serve_time
    bad = pb.UpsertRecommendationsRequest(workspace_id=shelf.ws, recommendations=[rec(b, math.nan)])
    err = await failure(shelf.stub.UpsertRecommendations(bad, metadata=shelf.owner.md))
    assert "recommendations[0].score" in violations(err)


async def test_a_feed_session_pages_without_repeats_while_items_arrive(harness, shelf) -> None:
    reader = await reader_of(harness, shelf)
    items = await public(shelf, 12)
    await record(shelf, reader, new(items[3]))
    up = pb.UpsertRecommendationsRequest(
        workspace_id=shelf.ws,
        recommendations=[
            pb.NewRecommendation(
                user_id=reader.user_id, content_item_id=i.id, score=0.5, algorithm_version="v"
            )
            for i in items[:4]
        ],
    )
    await shelf.stub.UpsertRecommendations(up, metadata=shelf.owner.md)
    shown, token, session = [], "", ""
    while True:
        req = pb.GetFeedRequest(workspace_id=shelf.ws, page_size=3, page_token=token)
        page = await shelf.stub.GetFeed(req, metadata=reader.md)
        session = session or page.session_id
        assert page.session_id == session
        shown += [x.item.id for x in page.items]
        await public(shelf, 1)  # arrives after the session started: not in it
        if not (token := page.next_page_token):
            break
        replayed = pb.GetFeedRequest(workspace_id=shelf.ws, page_token=token)
        stolen = await failure(shelf.stub.GetFeed(replayed, metadata=shelf.owner.md))
        assert "page_token" in violations(stolen)
    assert len(shown) == len(set(shown)) == 11
    assert set(shown) == {i.id for i in items} - {items[3].id}
