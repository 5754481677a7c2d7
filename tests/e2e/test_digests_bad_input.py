"""DigestService refuses bad input naming the field, before any store, writing nothing."""

from __future__ import annotations

import math
from typing import Any

import grpc
import pytest

from strata.v1 import digests_pb2 as pb
from strata.v1 import digests_pb2_grpc
from tests.e2e.content_kit import Shelf, failure, new_shelf, struct
from tests.e2e.harness import Harness, violations

pytestmark = [pytest.mark.e2e]


@pytest.fixture
async def shelf(harness: Harness) -> Shelf:
    return await new_shelf(harness)


@pytest.fixture
def stub(harness: Harness) -> digests_pb2_grpc.DigestServiceStub:
    return digests_pb2_grpc.DigestServiceStub(harness.channel)


@pytest.mark.parametrize(
    ("rpc", "fields", "field"),
    [
        ("CreateDigest", {"digest_date": "2026-02-30"}, "digest_date"),
        ("CreateDigest", {"digest_date": "x" * 11}, "digest_date"),
        ("CreateDigest", {"digest_date": "2026-11-30", "user_id": "nope"}, "user_id"),
        ("AddDigestItems", {"digest_id": "nope", "items": [{"rank": 1}]}, "digest_id"),
        ("ListDigests", {"page_token": "forged"}, "page_token"),
        ("ListDigests", {"status": 9}, "status"),
        (
            "MarkDelivered",
            {"id": "0190a000-0000-7000-8000-000000000000", "failure_reason": "a\x00"},
            "failure_reason",
        ),
        (
            "RecordFeedback",
            {"content_item_id": "0190a000-0000-7000-8000-000000000000", "rating": 6},
            "rating",
        ),
        (
            "RecordFeedback",
            {
                "content_item_id": "0190a000-0000-7000-8000-000000000000",
                "rating": 3,
                "comment": "c" * 2001,
            },
            "comment",
        ),
        (
            "SetPreferenceWeights",
            {"model_version": "v", "weights": [{"feature": "a", "weight": math.inf}]},
            "weights[0].weight",
        ),
        ("SetPreferenceWeights", {"model_version": "v" * 65}, "model_version"),
        ("RecordModelVersion", {"version": "v1", "metrics": {"auc": "high"}}, "metrics.auc"),
        ("RecordModelVersion", {"version": ""}, "version"),
        ("ListModelVersions", {"page_size": -1}, "page_size"),
    ],
)
async def test_bad_input_is_invalid_naming_the_field(
    stub, shelf: Shelf, rpc: str, fields: dict[str, Any], field: str
) -> None:
    kind = getattr(pb, f"{rpc}Request")
    given = {k: struct(v) if k == "metrics" else v for k, v in fields.items()}
    if "items" in given:
        given["items"] = [pb.DigestItem(**i) for i in given["items"]]
    if "weights" in given:
        given["weights"] = [pb.PreferenceWeight(**w) for w in given["weights"]]
    err = await failure(
        getattr(stub, rpc)(kind(workspace_id=shelf.ws, **given), metadata=shelf.owner.md)
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(err)
    listed = await stub.ListDigests(
        pb.ListDigestsRequest(workspace_id=shelf.ws), metadata=shelf.owner.md
    )
    assert list(listed.digests) == []
