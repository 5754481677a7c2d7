"""Readers, public items and interactions of a shelf, for the engagement e2e tests."""

from __future__ import annotations

from typing import Any

from strata.v1 import common_pb2
from strata.v1 import content_pb2 as pb
from tests.e2e.content_kit import Shelf
from tests.e2e.harness import Caller, Harness

VIEW, LIKE = pb.INTERACTION_TYPE_VIEW, pb.INTERACTION_TYPE_LIKE


async def reader_of(harness: Harness, shelf: Shelf) -> Caller:
    reader = await harness.new_user("reader")
    await harness.add(shelf.owner, shelf.ws, reader, common_pb2.ROLE_MEMBER)
    return reader


async def public(shelf: Shelf, n: int) -> list[pb.ContentItem]:
    return [
        await shelf.item(f"Item {k}", visibility=pb.CONTENT_VISIBILITY_PUBLIC) for k in range(n)
    ]


def new(item: pb.ContentItem, kind: int = VIEW, **fields: Any) -> pb.NewInteraction:
    return pb.NewInteraction(content_item_id=item.id, interaction_type=kind, **fields)


async def record(shelf: Shelf, who: Caller, *new: pb.NewInteraction, rid: str = "") -> Any:
    req = pb.RecordInteractionsRequest(workspace_id=shelf.ws, interactions=new, request_id=rid)
    return await shelf.stub.RecordInteractions(req, metadata=who.md)
