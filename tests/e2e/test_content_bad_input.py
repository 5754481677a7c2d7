"""ContentService refuses bad input naming the field, before any store, writing nothing."""

from __future__ import annotations

import math
from typing import Any

import grpc
import pytest

from strata.v1 import content_pb2 as pb
from tests.e2e.content_kit import Shelf, failure, new_shelf
from tests.e2e.harness import Harness, violations

pytestmark = [pytest.mark.e2e]


@pytest.fixture
async def shelf(harness: Harness) -> Shelf:
    return await new_shelf(harness)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": "a\x00b"}, "title"),
        ({"title": "x" * 256}, "title"),
        ({"title": ""}, "title"),
        ({"quality_score": 1.5}, "quality_score"),
        ({"quality_score": math.nan}, "quality_score"),
        ({"tags": ["t"] * 33}, "tags"),
        ({"content_data": "x" * 100_001}, "content_data"),
        ({"workspace_id": "not-a-uuid"}, "workspace_id"),
        ({"content_type": 99}, "content_type"),
    ],
)
async def test_a_bad_create_is_invalid_naming_the_field_and_writes_nothing(
    shelf: Shelf, fields: dict[str, Any], field: str
) -> None:
    given = {"workspace_id": shelf.ws, "title": "T"} | fields
    err = await failure(
        shelf.stub.CreateContent(pb.CreateContentRequest(**given), metadata=shelf.owner.md)
    )
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(err)
    assert (await shelf.page(include_total=True)).total_size == 0


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"page_token": "forged"}, "page_token"),
        ({"skip": 1_000_001}, "skip"),
        ({"min_quality": math.inf}, "min_quality"),
        ({"creator_id": "nope"}, "creator_id"),
        ({"query": "a\x00"}, "query"),
        ({"tags_any": ["x" * 65]}, "tags_any[0]"),
        ({"sort": 7}, "sort"),
        ({"sort": pb.CONTENT_SORT_RELEVANCE}, "sort"),
    ],
)
async def test_a_bad_list_request_is_invalid_naming_the_field(
    shelf: Shelf, fields: dict[str, Any], field: str
) -> None:
    err = await failure(shelf.page(**fields))
    assert err.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert field in violations(err)
