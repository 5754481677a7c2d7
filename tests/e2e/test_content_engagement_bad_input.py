"""Interactions with bad fields through real stubs: INVALID_ARGUMENT naming the field,
before any store, writing nothing."""

from __future__ import annotations

import grpc
import pytest

from strata.v1 import content_pb2 as pb
from tests.e2e.content_kit import Shelf, failure, new_shelf, struct
from tests.e2e.engagement_kit import VIEW, public, record
from tests.e2e.harness import Harness, violations

pytestmark = [pytest.mark.e2e]


@pytest.fixture
async def shelf(harness: Harness) -> Shelf:
    return await new_shelf(harness)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"rating": 6}, "interactions[0].rating"),
        ({"duration_ms": -1}, "interactions[0].duration_ms"),
        ({"duration_ms": 86_400_001}, "interactions[0].duration_ms"),
        ({"content_item_id": "nope"}, "interactions[0].content_item_id"),
        ({"interaction_type": 0}, "interactions[0].interaction_type"),
        ({"interaction_type": 42}, "interactions[0].interaction_type"),
        ({"metadata": struct({"a\x00": 1})}, "interactions[0].metadata"),
    ],
)
async def test_a_bad_interaction_is_invalid_naming_the_field_and_writes_nothing(
    shelf, fields, field
) -> None:
    (a,) = await public(shelf, 1)
    given = {"content_item_id": a.id, "interaction_type": VIEW} | fields
    err = await failure(record(shelf, shelf.owner, pb.NewInteraction(**given)))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert any(k.startswith(field) for k in violations(err)), violations(err)
    req = pb.ListInteractionsRequest(workspace_id=shelf.ws, content_item_id=a.id)
    assert not (await shelf.stub.ListInteractions(req, metadata=shelf.owner.md)).interactions


UUID = "01a22f22-29a2-71aa-9ec1-5e44d5940e28"
NEW_REC = {"user_id": UUID, "content_item_id": UUID, "score": 0.5, "algorithm_version": "v"}


@pytest.mark.parametrize(
    ("rpc", "fields", "field"),
    [
        ("ListInteractions", {"user_id": "nope"}, "user_id"),
        ("ListInteractions", {"user_id": UUID, "page_token": "forged"}, "page_token"),
        ("ListInteractions", {"user_id": UUID, "page_size": -1}, "page_size"),
        ("GetInteractionStats", {"metadata_key": "a\x00"}, "metadata_key"),
        ("GetInteractionStats", {"metadata_key": "k" * 256}, "metadata_key"),
        ("ListRecommendations", {"page_token": "forged"}, "page_token"),
        ("MarkServed", {"ids": ["nope"]}, "ids[0]"),
        ("MarkServed", {"ids": [UUID] * 501}, "ids"),
        ("GetFeed", {"page_token": "forged"}, "page_token"),
        ("GetFeed", {"page_size": -1}, "page_size"),
        ("GetFeed", {"user_id": "nope"}, "user_id"),
    ],
)
async def test_bad_reads_and_marks_are_invalid_naming_the_field(shelf, rpc, fields, field) -> None:
    request = getattr(pb, f"{rpc}Request")(workspace_id=shelf.ws, **fields)
    err = await failure(getattr(shelf.stub, rpc)(request, metadata=shelf.owner.md))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(err), violations(err)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"score": 1.5}, "recommendations[0].score"),
        ({"algorithm_version": "v" * 65}, "recommendations[0].algorithm_version"),
        ({"user_id": "nope"}, "recommendations[0].user_id"),
        ({"algorithm_version": "a\x00"}, "recommendations[0].algorithm_version"),
    ],
)
async def test_a_bad_recommendation_is_invalid_naming_the_field(shelf, fields, field) -> None:
    rec = pb.NewRecommendation(**(NEW_REC | fields))
    request = pb.UpsertRecommendationsRequest(workspace_id=shelf.ws, recommendations=[rec])
    err = await failure(shelf.stub.UpsertRecommendations(request, metadata=shelf.owner.md))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(err), violations(err)
