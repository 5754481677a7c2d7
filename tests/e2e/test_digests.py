"""DigestService through real stubs on both storages: digests, feedback, learned weights."""

from __future__ import annotations

import asyncio
from typing import Any

import grpc
import pytest

from strata.v1 import common_pb2, digests_pb2_grpc
from strata.v1 import content_pb2 as cpb
from strata.v1 import digests_pb2 as pb
from tests.e2e.content_kit import Shelf, failure, new_shelf, struct
from tests.e2e.harness import Harness

pytestmark = [pytest.mark.e2e]


@pytest.fixture
async def shelf(harness: Harness) -> Shelf:
    return await new_shelf(harness)


@pytest.fixture
def stub(harness: Harness) -> digests_pb2_grpc.DigestServiceStub:
    return digests_pb2_grpc.DigestServiceStub(harness.channel)


async def _digest(stub: Any, shelf: Shelf, day: str = "2026-11-30") -> pb.Digest:
    req = pb.CreateDigestRequest(workspace_id=shelf.ws, digest_date=day)
    return (await stub.CreateDigest(req, metadata=shelf.owner.md)).digest


async def test_concurrent_creates_of_a_day_return_one_digest(stub, shelf: Shelf) -> None:
    req = pb.CreateDigestRequest(workspace_id=shelf.ws, digest_date="2026-11-30")
    made = await asyncio.gather(
        *(stub.CreateDigest(req, metadata=shelf.owner.md) for _ in range(6))
    )
    assert len({r.digest.id for r in made}) == 1
    assert sum(r.created for r in made) == 1


async def test_a_digest_is_filled_read_in_rank_order_delivered_once_and_listed(
    stub, shelf: Shelf
) -> None:
    items = [await shelf.item(f"T{n}") for n in range(3)]
    digest = await _digest(stub, shelf)
    given = [
        pb.DigestItem(content_item_id=items[0].id, rank=2, score=0.4, reason="new"),
        pb.DigestItem(content_item_id=items[1].id, rank=1, score=0.9),
    ]
    add = pb.AddDigestItemsRequest(workspace_id=shelf.ws, digest_id=digest.id, items=given)
    await stub.AddDigestItems(add, metadata=shelf.owner.md)
    got = (
        await stub.GetDigest(
            pb.GetDigestRequest(workspace_id=shelf.ws, id=digest.id), metadata=shelf.owner.md
        )
    ).digest
    assert [(i.rank, i.content_item_id) for i in got.items] == [(1, items[1].id), (2, items[0].id)]
    assert got.item_count == 2
    mark = pb.MarkDeliveredRequest(
        workspace_id=shelf.ws,
        id=digest.id,
        status=pb.DIGEST_STATUS_FAILED,
        failure_reason="bounced",
    )
    failed = (await stub.MarkDelivered(mark, metadata=shelf.owner.md)).digest
    assert (failed.status, failed.failure_reason, failed.HasField("deliver_time")) == (
        pb.DIGEST_STATUS_FAILED,
        "bounced",
        True,
    )
    again = pb.MarkDeliveredRequest(
        workspace_id=shelf.ws, id=digest.id, status=pb.DIGEST_STATUS_SENT
    )
    assert (await failure(stub.MarkDelivered(again, metadata=shelf.owner.md))).code() == (
        grpc.StatusCode.FAILED_PRECONDITION
    )
    more = pb.AddDigestItemsRequest(
        workspace_id=shelf.ws,
        digest_id=digest.id,
        items=[pb.DigestItem(content_item_id=items[2].id, rank=3)],
    )
    assert (await failure(stub.AddDigestItems(more, metadata=shelf.owner.md))).code() == (
        grpc.StatusCode.FAILED_PRECONDITION
    )
    await _digest(stub, shelf, "2026-12-01")
    listed = await stub.ListDigests(
        pb.ListDigestsRequest(workspace_id=shelf.ws, page_size=1), metadata=shelf.owner.md
    )
    assert [d.digest_date for d in listed.digests] == ["2026-12-01"] and listed.next_page_token
    rest = await stub.ListDigests(
        pb.ListDigestsRequest(
            workspace_id=shelf.ws, page_size=1, page_token=listed.next_page_token
        ),
        metadata=shelf.owner.md,
    )
    assert [d.digest_date for d in rest.digests] == ["2026-11-30"]
    assert list(rest.digests[0].items) == []


async def test_feedback_on_a_digest_item_is_listed_as_an_interaction(stub, shelf: Shelf) -> None:
    item = await shelf.item("T")
    digest = await _digest(stub, shelf)
    add = pb.AddDigestItemsRequest(
        workspace_id=shelf.ws,
        digest_id=digest.id,
        items=[pb.DigestItem(content_item_id=item.id, rank=1)],
    )
    placed = (await stub.AddDigestItems(add, metadata=shelf.owner.md)).digest.items[0]
    given = pb.RecordFeedbackRequest(
        workspace_id=shelf.ws, digest_item_id=placed.id, thumbs=pb.THUMBS_UP
    )
    feedback = (await stub.RecordFeedback(given, metadata=shelf.owner.md)).feedback
    assert (feedback.content_item_id, feedback.thumbs) == (item.id, pb.THUMBS_UP)
    listed = await shelf.stub.ListInteractions(
        cpb.ListInteractionsRequest(workspace_id=shelf.ws, content_item_id=item.id),
        metadata=shelf.owner.md,
    )
    [interaction] = listed.interactions
    assert (interaction.id, interaction.interaction_type) == (
        feedback.interaction_id,
        cpb.INTERACTION_TYPE_LIKE,
    )


async def test_weights_of_a_recorded_version_are_replaced_and_read_latest(
    stub, harness: Harness, shelf: Shelf
) -> None:
    md = shelf.owner.md
    unrecorded = pb.SetPreferenceWeightsRequest(
        workspace_id=shelf.ws,
        model_version="v1",
        weights=[pb.PreferenceWeight(feature="a", weight=1)],
    )
    assert (await failure(stub.SetPreferenceWeights(unrecorded, metadata=md))).code() == (
        grpc.StatusCode.FAILED_PRECONDITION
    )
    record = pb.RecordModelVersionRequest(
        workspace_id=shelf.ws, version="v1", metrics=struct({"auc": 0.8})
    )
    await stub.RecordModelVersion(record, metadata=md)
    await stub.SetPreferenceWeights(unrecorded, metadata=md)
    replaced = pb.SetPreferenceWeightsRequest(
        workspace_id=shelf.ws,
        model_version="v1",
        weights=[pb.PreferenceWeight(feature="b", weight=-2.5)],
    )
    await stub.SetPreferenceWeights(replaced, metadata=md)
    got = await stub.GetPreferenceWeights(
        pb.GetPreferenceWeightsRequest(workspace_id=shelf.ws), metadata=md
    )
    assert (got.model_version, [(w.feature, w.weight) for w in got.weights]) == (
        "v1",
        [("b", -2.5)],
    )
    versions = await stub.ListModelVersions(
        pb.ListModelVersionsRequest(workspace_id=shelf.ws), metadata=md
    )
    assert [(v.version, dict(v.metrics)) for v in versions.model_versions] == [("v1", {"auc": 0.8})]
    viewer = await harness.new_user("viewer")
    await harness.add(shelf.owner, shelf.ws, viewer, common_pb2.ROLE_VIEWER)
    denied = await failure(
        stub.CreateDigest(
            pb.CreateDigestRequest(workspace_id=shelf.ws, digest_date="2026-11-30"),
            metadata=viewer.md,
        )
    )
    assert denied.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_concurrent_deliveries_of_a_digest_let_one_through(stub, shelf: Shelf) -> None:
    digest = await _digest(stub, shelf)
    mark = pb.MarkDeliveredRequest(
        workspace_id=shelf.ws, id=digest.id, status=pb.DIGEST_STATUS_SENT
    )
    calls = [stub.MarkDelivered(mark, metadata=shelf.owner.md) for _ in range(5)]
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    refused = [o for o in outcomes if isinstance(o, grpc.aio.AioRpcError)]
    assert len(outcomes) - len(refused) == 1
    assert {o.code() for o in refused} == {grpc.StatusCode.FAILED_PRECONDITION}
